namespace Kiln.Go.Packages;

/// The part of a Go file that `go list` reads: go/build's import reader (go/build/read.go, readGoInfo) reads
/// the package clause and the import declarations, with the comments around them, and stops at the first
/// byte of anything else. What `go list` reports of a file (its package name, imports, build constraints,
/// cgo directives, errors) comes from that header only, so an analysis of the headers is an analysis of the
/// files: an edit below the imports leaves it unchanged.
/// The reader is ported byte for byte; whenever go's would read further (a file that imports "embed", whose
/// //go:embed lines it scans to the end; a syntax error, after which it reads everything; a NUL; a byte
/// order mark) the whole file is the header.
public static class GoFileHeader
{
    /// How many leading bytes of `source` go/build reads for the package clause and imports.
    public static int Length(ReadOnlySpan<byte> source)
    {
        var reader = new Reader(source);
        if (source.StartsWith((ReadOnlySpan<byte>)[0xef, 0xbb, 0xbf])) return source.Length;
        ReadHeader(ref reader);
        if (reader.Failed) return source.Length;
        // Stopped before the end: the last byte read is the first of what follows the imports.
        var length = reader.Eof ? reader.Read : reader.Read - 1;
        return source[..length].IndexOf("embed"u8) >= 0 ? source.Length : length;
    }

    /// The import paths in a header, in order: what the file imports whatever its build constraints. Those before a
    /// syntax error when the header does not parse; a path written with an escape is left out. A guess of what go list will
    /// report, for reading ahead (see PackageLoader's import prefetch), never a substitute for it.
    public static List<string> Imports(ReadOnlySpan<byte> source)
    {
        var imports = new List<string>();
        var strings = new List<(int Start, int End)>();
        var reader = new Reader(source) { Strings = strings };
        ReadHeader(ref reader);
        foreach (var (start, end) in strings)
        {
            var literal = source[start..end];
            if (literal.IndexOf((byte)'\\') < 0) imports.Add(System.Text.Encoding.UTF8.GetString(literal));
        }
        return imports;
    }

    /// The package clause and the import declarations (go/build's readGoInfo up to its imports).
    private static void ReadHeader(ref Reader reader)
    {
        reader.ReadKeyword("package"u8);
        reader.ReadIdent();
        while (reader.PeekByte(skipSpace: true) == 'i')
        {
            reader.ReadKeyword("import"u8);
            if (reader.PeekByte(skipSpace: true) == '(')
            {
                reader.NextByte(skipSpace: false);
                while (reader.PeekByte(skipSpace: true) != ')' && !reader.Failed) reader.ReadImport();
                reader.NextByte(skipSpace: false);
            }
            else
            {
                reader.ReadImport();
            }
        }
    }

    /// go/build's importReader over a buffer: `Read` counts the bytes it consumed (its buf), `Failed` is a syntax
    /// error or a NUL (its err).
    private ref struct Reader(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private byte _peek;

        public int Read { get; private set; }

        /// When set, the byte range of each string literal's content read.
        public List<(int Start, int End)>? Strings { get; init; }
        public bool Eof { get; private set; }
        public bool Failed { get; private set; }

        private byte ReadByte()
        {
            if (Read >= _source.Length)
            {
                Eof = true;
                return 0;
            }
            var c = _source[Read++];
            if (c == 0) Failed = true;
            return c;
        }

        public byte PeekByte(bool skipSpace)
        {
            if (Failed) return 0;
            var c = _peek;
            if (c == 0) c = ReadByte();
            while (!Failed && !Eof)
            {
                if (skipSpace)
                {
                    if (c is (byte)' ' or (byte)'\f' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)';')
                    {
                        c = ReadByte();
                        continue;
                    }
                    if (c == '/')
                    {
                        c = ReadByte();
                        if (c == '/')
                        {
                            while (c != '\n' && !Failed && !Eof) c = ReadByte();
                        }
                        else if (c == '*')
                        {
                            byte c1 = 0;
                            while ((c != '*' || c1 != '/') && !Failed)
                            {
                                if (Eof) Failed = true;
                                (c, c1) = (c1, ReadByte());
                            }
                        }
                        else
                        {
                            Failed = true;
                        }
                        c = ReadByte();
                        continue;
                    }
                }
                break;
            }
            _peek = c;
            return c;
        }

        public byte NextByte(bool skipSpace)
        {
            var c = PeekByte(skipSpace);
            _peek = 0;
            return c;
        }

        public void ReadKeyword(ReadOnlySpan<byte> keyword)
        {
            PeekByte(skipSpace: true);
            foreach (var k in keyword)
            {
                if (NextByte(skipSpace: false) != k)
                {
                    Failed = true;
                    return;
                }
            }
            if (IsIdent(PeekByte(skipSpace: false))) Failed = true;
        }

        public void ReadIdent()
        {
            if (!IsIdent(PeekByte(skipSpace: true)))
            {
                Failed = true;
                return;
            }
            while (IsIdent(PeekByte(skipSpace: false))) _peek = 0;
        }

        private void ReadString()
        {
            switch (NextByte(skipSpace: true))
            {
                case (byte)'`':
                    var rawStart = Read;
                    while (!Failed)
                    {
                        if (NextByte(skipSpace: false) == '`')
                        {
                            Strings?.Add((rawStart, Read - 1));
                            break;
                        }
                        if (Eof) Failed = true;
                    }
                    break;
                case (byte)'"':
                    var start = Read;
                    while (!Failed)
                    {
                        var c = NextByte(skipSpace: false);
                        if (c == '"')
                        {
                            Strings?.Add((start, Read - 1));
                            break;
                        }
                        if (Eof || c == '\n') Failed = true;
                        if (c == '\\') NextByte(skipSpace: false);
                    }
                    break;
                default:
                    Failed = true;
                    break;
            }
        }

        public void ReadImport()
        {
            var c = PeekByte(skipSpace: true);
            if (c == '.') _peek = 0;
            else if (IsIdent(c)) ReadIdent();
            ReadString();
        }

        private static bool IsIdent(byte c) => c is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or >= 0x80;
    }
}
