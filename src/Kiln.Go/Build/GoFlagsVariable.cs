namespace Kiln.Go.Build;

/// The GOFLAGS environment variable as the go command reads it (base.InitGOFLAGS): quoted fields, each
/// `-flag=value`, `--flag=value` or a boolean `-flag`. A flag given on the command line wins over it.
public sealed class GoFlagsVariable
{
    private readonly List<string> _fields;

    private GoFlagsVariable(List<string> fields) => _fields = fields;

    /// GOFLAGS from `environment` (empty when unset); a field that is not a flag is go's error.
    public static GoFlagsVariable From(IReadOnlyDictionary<string, string> environment)
    {
        var text = environment.TryGetValue("GOFLAGS", out var v) ? v : "";
        var fields = GoQuoted.Split(text) ?? throw BuildErrors.BadGoFlags(text, "a quote is not closed");
        if (fields.FirstOrDefault(f => !f.StartsWith('-')) is { } bad) throw BuildErrors.BadGoFlags(text, $"parameter \"{bad}\" is not a flag");
        return new GoFlagsVariable(fields);
    }

    /// The value of the last `-name=value` (or `--name=value`), or null.
    public string? Value(string name) =>
        _fields.Select(f => f.TrimStart('-')).LastOrDefault(f => f.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// The values of every `-name=value` (or `--name=value`), in order: for a flag each of whose uses counts.
    public IEnumerable<string> Values(string name) =>
        _fields.Select(f => f.TrimStart('-')).Where(f => f.StartsWith(name + "=", StringComparison.Ordinal)).Select(f => f[(name.Length + 1)..]);

    /// Whether a boolean flag is set (`-name`, or `-name=true`/`=1`).
    public bool IsSet(string name) =>
        _fields.Select(f => f.TrimStart('-')).LastOrDefault(f => f == name || f.StartsWith(name + "=", StringComparison.Ordinal)) is { } last
        && (last == name || last[(name.Length + 1)..] is "true" or "1" or "t" or "T" or "TRUE" or "True");
}
