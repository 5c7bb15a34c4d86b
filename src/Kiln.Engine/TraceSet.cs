using System.IO.Hashing;

namespace Kiln.Engine;

/// The traces of every persistent node, keyed by kind and key; serialized with a version line and an
/// XXH128 trailer so a torn, damaged or foreign file is recognized and discarded, never trusted. (The checksum
/// guards against damage, not against someone who can write the store: they could write any checksum. A
/// non-cryptographic one checks the whole file in a fraction of a millisecond on every run.)
public sealed class TraceSet
{
    private static readonly byte[] Magic = "KILN-TRACES\n"u8.ToArray();
    private const int ChecksumLength = 16;
    private readonly Dictionary<(string Kind, string Key), NodeTrace> _nodes;

    public TraceSet() => _nodes = [];

    private TraceSet(int capacity) => _nodes = new(capacity);

    public int Count => _nodes.Count;

    public IEnumerable<NodeTrace> Nodes => _nodes.Values;

    public bool TryGet(string kind, string key, out NodeTrace trace) => _nodes.TryGetValue((kind, key), out trace!);

    public void Set(NodeTrace trace) => _nodes[(trace.Kind, trace.Key)] = trace;

    public void Remove(string kind, string key) => _nodes.Remove((kind, key));

    /// Keys and digests become ids in tables, so a key many nodes depend on, and the digest they saw, are each
    /// written (and read back) once.
    public byte[] Serialize(string version)
    {
        using var output = new MemoryStream();
        WriteTo(output, version);
        return output.ToArray();
    }

    /// Writes what <see cref="Serialize"/> returns to <paramref name="output"/>, without building it in memory first.
    public void WriteTo(Stream output, string version)
    {
        var keys = new IdTable<(string Kind, string Key)>();
        var digests = new IdTable<Core.Digest>();
        var capacity = 8L;
        foreach (var node in _nodes.Values)
        {
            capacity += 32 + node.Value.Length;
            foreach (var group in node.Dependencies) capacity += 8 + 16L * group.Count;
        }
        var body = new TraceWriter((int)Math.Min(capacity, Array.MaxLength));
        body.Int(_nodes.Count);
        foreach (var node in _nodes.Values)
        {
            body.Int(keys.Id((node.Kind, node.Key))).Bytes(node.Value.Span).Int(digests.Id(node.Cutoff)).Int(node.Dependencies.Count);
            foreach (var group in node.Dependencies)
            {
                body.Int(group.Count);
                foreach (var dep in group) body.Int(keys.Id((dep.Kind, dep.Key))).Int(digests.Id(dep.Cutoff));
            }
        }
        var head = new TraceWriter();
        head.String(version).Int(keys.Items.Count);
        foreach (var (kind, key) in keys.Items) head.String(kind).String(key);
        head.Int(digests.Items.Count);
        foreach (var digest in digests.Items) head.Digest(digest);
        var hash = new XxHash128();
        void Put(ReadOnlySpan<byte> part)
        {
            output.Write(part);
            hash.Append(part);
        }
        Put(Magic);
        Put(head.Written);
        Put(body.Written);
        output.Write(hash.GetHashAndReset());
    }

    /// The traces in <paramref name="data"/>, or null with the reason when they cannot be trusted.
    public static TraceSet? Deserialize(ReadOnlyMemory<byte> data, string version, out string? problem)
    {
        problem = null;
        var span = data.Span;
        if (data.Length < Magic.Length + ChecksumLength || !span[..Magic.Length].SequenceEqual(Magic))
        {
            problem = "not a trace database";
            return null;
        }
        var content = data[..^ChecksumLength];
        try
        {
            // The version first (a file of another Kiln may use another checksum), then the checksum, then the rest.
            var reader = new TraceReader(content[Magic.Length..]);
            var written = reader.String();
            if (written != version)
            {
                problem = $"written by another Kiln ({written})";
                return null;
            }
            if (!XxHash128.Hash(content.Span).AsSpan().SequenceEqual(span[^ChecksumLength..]))
            {
                problem = "checksum mismatch (damaged or torn write)";
                return null;
            }
            var table = new (string Kind, string Key)[reader.Count()];
            for (var i = 0; i < table.Length; i++) table[i] = (reader.String(), reader.String());
            (string, string) Entry(long id) => id >= 0 && id < table.Length ? table[(int)id] : throw new InvalidDataException("bad key id");
            var digests = new Core.Digest[reader.Count()];
            for (var i = 0; i < digests.Length; i++) digests[i] = reader.Digest();
            Core.Digest DigestAt(long id) => id >= 0 && id < digests.Length ? digests[(int)id] : throw new InvalidDataException("bad digest id");
            var count = reader.Count();
            var set = new TraceSet(count);
            for (var i = 0; i < count; i++)
            {
                var (kind, key) = Entry(reader.Int());
                var value = reader.Memory();
                var cutoff = DigestAt(reader.Int());
                var groups = new IReadOnlyList<TraceDependency>[reader.Count()];
                for (var g = 0; g < groups.Length; g++)
                {
                    var group = new TraceDependency[reader.Count()];
                    for (var d = 0; d < group.Length; d++)
                    {
                        var (dk, dkey) = Entry(reader.Int());
                        group[d] = new TraceDependency(dk, dkey, DigestAt(reader.Int()));
                    }
                    groups[g] = group;
                }
                set.Set(new NodeTrace(kind, key, value, cutoff, groups));
            }
            if (!reader.AtEnd) throw new InvalidDataException("trailing bytes");
            return set;
        }
        catch (InvalidDataException e)
        {
            problem = "malformed: " + e.Message;
            return null;
        }
    }

    /// Each distinct item once, numbered in first-use order.
    private sealed class IdTable<T> where T : notnull
    {
        private readonly Dictionary<T, int> _ids = [];

        public List<T> Items { get; } = [];

        public int Id(T item)
        {
            if (!_ids.TryGetValue(item, out var id))
            {
                id = Items.Count;
                _ids.Add(item, id);
                Items.Add(item);
            }
            return id;
        }
    }
}
