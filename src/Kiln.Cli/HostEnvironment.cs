namespace Kiln.Cli;

/// The process environment, read in one place (the only reader of environment variables).
internal sealed class HostEnvironment(IReadOnlyDictionary<string, string> variables, string currentDirectory)
{
    public static HostEnvironment FromProcess()
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
#pragma warning disable RS0030 // the CLI owns the environment
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            vars[(string)e.Key] = (string?)e.Value ?? "";
#pragma warning restore RS0030
        return new HostEnvironment(vars, Directory.GetCurrentDirectory());
    }

    public string CurrentDirectory { get; } = currentDirectory;

    public IReadOnlyDictionary<string, string> Variables => variables;

    public string? Get(string name) => variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public IReadOnlyList<string> SearchPath =>
        (Get("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries);

    /// `$KILN_HOME`, else `$XDG_CACHE_HOME/kiln`, else `~/.cache/kiln`.
    public string StoreRoot =>
        Get("KILN_HOME")
        ?? (Get("XDG_CACHE_HOME") is { } xdg ? Path.Combine(xdg, "kiln") : null)
        ?? Path.Combine(Get("HOME") ?? "/tmp", ".cache", "kiln");

    public bool DebugHash => Get("KILN_DEBUG_HASH") == "1";

    /// A live progress view on a terminal, unless TERM=dumb, CI is set, or KILN_PROGRESS=plain.
    public bool LiveProgressAllowed => Get("TERM") != "dumb" && Get("CI") is null && Get("KILN_PROGRESS") != "plain";
}
