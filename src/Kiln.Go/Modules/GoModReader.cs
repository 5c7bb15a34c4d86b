using System.Text.RegularExpressions;

namespace Kiln.Go.Modules;

/// Turns go.mod statements into directives (modfile rule.go `add`), collecting every problem before throwing.
internal sealed partial class GoModReader
{
    private readonly string _file;
    private readonly bool _strict;
    private readonly List<(int Line, string Message)> _problems = [];
    private string? _module, _deprecated, _go, _toolchain;
    private bool _sawModule;
    private readonly List<GoModGodebug> _godebug = [];
    private readonly List<GoModRequire> _require = [];
    private readonly List<GoModExclude> _exclude = [];
    private readonly List<GoModReplace> _replace = [];
    private readonly List<GoModRetract> _retract = [];

    private GoModReader(string file, bool strict) => (_file, _strict) = (file, strict);

    public static GoModFile Read(string file, string text, bool strict)
    {
        var reader = new GoModReader(file, strict);
        foreach (var statement in GoModSyntax.Parse(file, text)) reader.Statement(statement);
        if (reader._problems.Count > 0) throw GoModuleErrors.InvalidGoMod(file, reader._problems);
        return new GoModFile(file, reader._module, reader._deprecated, reader._go, reader._toolchain,
            new(reader._godebug), new(reader._require), new(reader._exclude), new(reader._replace), new(reader._retract));
    }

    private void Statement(GoModStatement s)
    {
        if (s.Lines is null)
        {
            Directive(null, s, s.Tokens[0], s.Tokens.Skip(1).ToList());
            return;
        }
        if (s.Tokens.Count > 1 || s.Tokens[0] is not ("module" or "godebug" or "require" or "exclude" or "replace" or "retract"))
        {
            if (_strict) Problem(s, $"unknown block type: {string.Join(' ', s.Tokens)}");
            return;
        }
        foreach (var line in s.Lines) Directive(s, line, s.Tokens[0], line.Tokens);
    }

    private void Problem(GoModStatement line, string message) => _problems.Add((line.Line, message));

    private void Directive(GoModStatement? block, GoModStatement line, string verb, List<string> args)
    {
        if (!_strict && verb is not ("go" or "module" or "retract" or "require")) return;
        switch (verb)
        {
            case "go": Go(line, args); break;
            case "toolchain": Toolchain(line, args); break;
            case "module": Module(block, line, args); break;
            case "godebug": Godebug(line, args); break;
            case "require" or "exclude": RequireOrExclude(line, verb, args); break;
            case "replace": Replace(line, args); break;
            case "retract": Retract(block, line, args); break;
            default: Problem(line, $"unknown directive: {verb}"); break;
        }
    }

    private void Go(GoModStatement line, List<string> args)
    {
        if (_go is not null) { Problem(line, "repeated go statement"); return; }
        if (args.Count != 1) { Problem(line, "go directive expects exactly one argument"); return; }
        var v = args[0];
        if (!GoVersionPattern().IsMatch(v))
        {
            var lax = _strict ? null : LaxGoVersionPattern().Match(v);
            if (lax is not { Success: true }) { Problem(line, $"invalid go version '{v}': must match format 1.23.0"); return; }
            v = lax.Groups[1].Value;
        }
        _go = v;
    }

    private void Toolchain(GoModStatement line, List<string> args)
    {
        if (_toolchain is not null) { Problem(line, "repeated toolchain statement"); return; }
        if (args.Count != 1) { Problem(line, "toolchain directive expects exactly one argument"); return; }
        if (!ToolchainPattern().IsMatch(args[0])) { Problem(line, $"invalid toolchain version '{args[0]}': must match format go1.23.0 or default"); return; }
        _toolchain = args[0];
    }

    private void Module(GoModStatement? block, GoModStatement line, List<string> args)
    {
        if (_sawModule) { Problem(line, "repeated module statement"); return; }
        _sawModule = true;
        var deprecation = DeprecatedPattern().Match(DirectiveComment(block, line));
        _deprecated = deprecation.Success ? deprecation.Groups[1].Value : null;
        if (args.Count != 1) { Problem(line, "usage: module module/path"); return; }
        if (String(line, args[0]) is { } path) _module = path;
    }

    private void Godebug(GoModStatement line, List<string> args)
    {
        if (args.Count != 1 || args[0].AsSpan().IndexOfAny("\"`',") >= 0 || !args[0].Contains('='))
        {
            Problem(line, "usage: godebug key=value");
            return;
        }
        var eq = args[0].IndexOf('=', StringComparison.Ordinal);
        _godebug.Add(new GoModGodebug(args[0][..eq], args[0][(eq + 1)..], line.Line));
    }

    private void RequireOrExclude(GoModStatement line, string verb, List<string> args)
    {
        if (args.Count != 2) { Problem(line, $"usage: {verb} module/path v1.2.3"); return; }
        if (String(line, args[0]) is not { } path) return;
        if (Version(line, verb, path, args[1]) is not { } version) return;
        if (!CheckPathMajor(line, verb, path, version)) return;
        var module = new ModuleVersion(path, version);
        if (verb == "require") _require.Add(new GoModRequire(module, IsIndirect(line), line.Line));
        else _exclude.Add(new GoModExclude(module, line.Line));
    }

    private void Replace(GoModStatement line, List<string> args)
    {
        var arrow = args.Count >= 2 && args[1] == "=>" ? 1 : 2;
        if (args.Count < arrow + 2 || args.Count > arrow + 3 || args[arrow] != "=>")
        {
            Problem(line, "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory");
            return;
        }
        if (String(line, args[0]) is not { } oldPath) return;
        if (!ModulePathMajor.TrySplit(oldPath, out _, out var pathMajor)) { Problem(line, $"replace {oldPath}: invalid module path"); return; }
        var oldVersion = "";
        if (arrow == 2)
        {
            if (Version(line, "replace", oldPath, args[1]) is not { } v) return;
            if (ModulePathMajor.Check(v, pathMajor) is { } why) { Problem(line, $"replace {oldPath}: version \"{v}\" invalid: {why}"); return; }
            oldVersion = v;
        }
        if (String(line, args[arrow + 1]) is not { } newPath) return;
        var newVersion = "";
        if (args.Count == arrow + 2)
        {
            if (!IsDirectoryPath(newPath))
            {
                Problem(line, newPath.Contains('@')
                    ? "replacement module must match format 'path version', not 'path@version'"
                    : "replacement module without version must be directory path (rooted or starting with . or ..)");
                return;
            }
            if (newPath.Contains('\\')) { Problem(line, "replacement directory appears to be Windows path (on a non-windows system)"); return; }
        }
        else
        {
            if (Version(line, "replace", newPath, args[arrow + 2]) is not { } v) return;
            if (IsDirectoryPath(newPath)) { Problem(line, $"replacement module directory path \"{newPath}\" cannot have version"); return; }
            newVersion = v;
        }
        _replace.Add(new GoModReplace(new ModuleVersion(oldPath, oldVersion), new ModuleVersion(newPath, newVersion), line.Line));
    }

    private void Retract(GoModStatement? block, GoModStatement line, List<string> args)
    {
        var rationale = DirectiveComment(block, line);
        var problems = _problems.Count;
        if (RetractInterval(line, args, out var rest) is not { } interval)
        {
            if (!_strict) _problems.RemoveRange(problems, _problems.Count - problems);
            return;
        }
        if (rest.Count > 0 && _strict) { Problem(line, $"unexpected token after version: \"{rest[0]}\""); return; }
        _retract.Add(new GoModRetract(interval.Low, interval.High, rationale, line.Line));
    }

    private (string Low, string High)? RetractInterval(GoModStatement line, List<string> args, out List<string> rest)
    {
        rest = [];
        if (args.Count == 0 || args[0] == "(") { Problem(line, "expected '[' or version"); return null; }
        if (args[0] != "[")
        {
            rest = args[1..];
            return Version(line, "retract", "", args[0]) is { } v ? (v, v) : null;
        }
        string? Expect(int i, string what)
        {
            if (args.Count > i) return Version(line, "retract", "", args[i]);
            Problem(line, $"expected version after '{what}'");
            return null;
        }
        if (Expect(1, "[") is not { } low) return null;
        if (args.Count <= 2 || args[2] != ",") { Problem(line, "expected ',' after version"); return null; }
        if (Expect(3, ",") is not { } high) return null;
        if (args.Count <= 4 || args[4] != "]") { Problem(line, "expected ']' after version"); return null; }
        rest = args[5..];
        return (low, high);
    }

    // modfile parseString: "…" is unquoted; other quote characters are an error (so `…` strings are rejected, as by go).
    private string? String(GoModStatement line, string token)
    {
        if (token.StartsWith('"'))
        {
            if (GoQuotedString.Unquote(token) is { } s) return s;
            Problem(line, "invalid quoted string: invalid syntax");
            return null;
        }
        if (token.AsSpan().IndexOfAny("\"'`") >= 0) { Problem(line, "invalid quoted string: unquoted string cannot contain quote"); return null; }
        return token;
    }

    private string? Version(GoModStatement line, string verb, string path, string token)
    {
        var prefix = path.Length > 0 ? $"{verb} {path}: " : $"{verb}: ";
        var text = token;
        if (token.StartsWith('"'))
        {
            if (GoQuotedString.Unquote(token) is not { } unquoted) { Problem(line, $"{prefix}version {token} invalid: invalid syntax"); return null; }
            text = unquoted;
        }
        else if (token.AsSpan().IndexOfAny("\"'`") >= 0)
        {
            Problem(line, $"{prefix}version {token} invalid: unquoted string cannot contain quote");
            return null;
        }
        var canonical = SemVer.CanonicalModuleVersion(text);
        if (canonical.Length > 0) return canonical;
        Problem(line, $"{prefix}version \"{text}\" invalid: must be of the form v1.2.3");
        return null;
    }

    private bool CheckPathMajor(GoModStatement line, string verb, string path, string version)
    {
        if (!ModulePathMajor.TrySplit(path, out _, out var pathMajor)) { Problem(line, $"{verb} {path}: invalid module path"); return false; }
        if (ModulePathMajor.Check(version, pathMajor) is not { } why) return true;
        Problem(line, $"{verb} {path}: version \"{version}\" invalid: {why}");
        return false;
    }

    private static bool IsIndirect(GoModStatement line)
    {
        if (line.Suffix.Count == 0) return false;
        var f = line.Suffix[0]["//".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (f.Length == 1 && f[0] == "indirect") || (f.Length > 1 && f[0] == "indirect;");
    }

    private static string DirectiveComment(GoModStatement? block, GoModStatement line)
    {
        var source = block is not null && line.Before.Count == 0 && line.Suffix.Count == 0 ? block : line;
        return string.Join('\n', source.Before.Concat(source.Suffix)
            .Where(c => c.StartsWith("//", StringComparison.Ordinal))
            .Select(c => c[2..].Trim()));
    }

    internal static bool IsDirectoryPath(string ns) =>
        ns is "." or ".." || ns.StartsWith("./", StringComparison.Ordinal) || ns.StartsWith(".\\", StringComparison.Ordinal)
        || ns.StartsWith("../", StringComparison.Ordinal) || ns.StartsWith("..\\", StringComparison.Ordinal)
        || ns.StartsWith('/') || ns.StartsWith('\\')
        || (ns.Length >= 2 && char.IsAsciiLetter(ns[0]) && ns[1] == ':');

    [GeneratedRegex(@"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GoVersionPattern();

    [GeneratedRegex(@"^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9].*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex LaxGoVersionPattern();

    [GeneratedRegex(@"^default$|^go1($|\.)", RegexOptions.CultureInvariant)]
    private static partial Regex ToolchainPattern();

    [GeneratedRegex(@"(?:^|\n\n)Deprecated: *(.*?)(?:$|\n\n)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DeprecatedPattern();
}
