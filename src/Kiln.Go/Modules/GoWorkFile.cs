namespace Kiln.Go.Modules;

/// A go.work file: its go line, `use` directories, `replace` and `godebug` directives (toolchain is accepted
/// and ignored).
public sealed record GoWorkFile(string FileName, string? Go, IReadOnlyList<GoWorkUse> Use, IReadOnlyList<GoModReplace> Replace)
{
    /// The `godebug` lines: in workspace mode they, not the modules' go.mod lines, set a main package's GODEBUG defaults.
    public IReadOnlyList<GoModGodebug> Godebug { get; init; } = [];

    public static GoWorkFile Parse(string fileName, ReadOnlySpan<byte> data)
    {
        var text = System.Text.Encoding.UTF8.GetString(data);
        string? go = null;
        var uses = new List<GoWorkUse>();
        var replaceLines = new List<(int Line, List<string> Tokens)>();
        var godebugLines = new List<(int Line, List<string> Tokens)>();
        var problems = new List<(int, string)>();
        foreach (var s in GoModSyntax.Parse(fileName, text))
        {
            var lines = s.Lines is null ? [(s.Line, s.Tokens.Skip(1).ToList())] : s.Lines.Select(l => (l.Line, l.Tokens)).ToList();
            switch (s.Tokens[0])
            {
                case "go" when s.Lines is null && s.Tokens.Count == 2: go = s.Tokens[1]; break;
                case "use":
                    foreach (var (line, args) in lines)
                    {
                        if (args.Count != 1) problems.Add((line, "usage: use local/dir"));
                        else uses.Add(new GoWorkUse(args[0], line));
                    }
                    break;
                case "replace": replaceLines.AddRange(lines.Select(l => (l.Item1, l.Item2))); break;
                case "godebug": godebugLines.AddRange(lines.Select(l => (l.Item1, l.Item2))); break;
                case "toolchain": break;
                default: problems.Add((s.Line, $"unknown directive: {s.Tokens[0]}")); break;
            }
        }
        if (problems.Count > 0) throw GoModuleErrors.InvalidGoMod(fileName, problems);
        return new GoWorkFile(fileName, go, uses, ParseReplaces(fileName, replaceLines))
        {
            Godebug = godebugLines.Count == 0 ? [] : AsGoMod(fileName, "godebug", godebugLines).Godebug,
        };
    }

    /// Reuses the go.mod reader for replace directives: the syntax is the same.
    private static List<GoModReplace> ParseReplaces(string fileName, List<(int Line, List<string> Tokens)> lines) =>
        lines.Count == 0 ? [] : [.. AsGoMod(fileName, "replace", lines).Replace];

    /// `verb` lines read by the go.mod reader (whose checks and messages they share), each at its go.work line
    /// (the module line the reader requires comes last).
    private static GoModFile AsGoMod(string fileName, string verb, List<(int Line, List<string> Tokens)> lines)
    {
        var maxLine = lines.Max(l => l.Line);
        var text = new string[maxLine + 1];
        Array.Fill(text, "");
        text[maxLine] = "module kiln.invalid/gowork";
        foreach (var (line, tokens) in lines) text[line - 1] = verb + " " + string.Join(' ', tokens.Select(Quote));
        return GoModFile.Parse(fileName, string.Join('\n', text));
    }

    private static string Quote(string token) => token.Any(c => c is ' ' or '"' or '\t') ? "\"" + token.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : token;
}

/// A `use` directive of go.work.
public sealed record GoWorkUse(string Path, int Line);
