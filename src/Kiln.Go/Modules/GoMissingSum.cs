using System.Text.RegularExpressions;

namespace Kiln.Go.Modules;

/// The go command's "missing go.sum entry" reports, read from its stderr: which go.sum lines it wanted.
public static partial class GoMissingSum
{
    public static List<string> Parse(string stderr)
    {
        var wanted = new List<string>();
        foreach (Match m in GoModLine().Matches(stderr)) wanted.Add($"{m.Groups[1].Value} {m.Groups[2].Value}/go.mod");
        foreach (Match m in ZipLine().Matches(stderr)) wanted.Add($"{m.Groups[1].Value} {m.Groups[2].Value}");
        return wanted.Distinct().ToList();
    }

    [GeneratedRegex(@"(\S+)@(\S+): missing go\.sum entry for go\.mod file")]
    private static partial Regex GoModLine();

    [GeneratedRegex(@"(\S+)@(v\S+): missing go\.sum entry(?! for go\.mod)")]
    private static partial Regex ZipLine();
}
