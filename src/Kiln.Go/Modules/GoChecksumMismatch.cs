using System.Text.RegularExpressions;

namespace Kiln.Go.Modules;

/// The go command's "verifying M@V: checksum mismatch" report, read from its stderr.
public sealed partial record GoChecksumMismatch(string Module, string Expected, string Actual)
{
    public static GoChecksumMismatch? TryParse(string stderr)
    {
        var m = Pattern().Match(stderr);
        return m.Success ? new GoChecksumMismatch(m.Groups[1].Value, m.Groups[3].Value, m.Groups[2].Value) : null;
    }

    [GeneratedRegex(@"verifying (\S+): checksum mismatch\s+downloaded:\s+(\S+)\s+go\.sum:\s+(\S+)")]
    private static partial Regex Pattern();
}
