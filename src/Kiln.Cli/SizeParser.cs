using System.Globalization;

namespace Kiln.Cli;

/// Parses sizes such as `500MB`, `20GiB`, `1.5G`, `1024`: decimal (kB, MB, GB, TB) and binary
/// (KiB, MiB, GiB, TiB) units; a bare K/M/G/T means binary, as in `du`.
internal static class SizeParser
{
    public static long Parse(string text)
    {
        var s = text.Trim();
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw CliErrors.BadSize(text);
        var unit = s[i..].Trim().ToUpperInvariant();
        double factor = unit switch
        {
            "" or "B" => 1,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "K" or "KIB" => 1L << 10,
            "M" or "MIB" => 1L << 20,
            "G" or "GIB" => 1L << 30,
            "T" or "TIB" => 1L << 40,
            _ => throw CliErrors.BadSize(text),
        };
        var bytes = number * factor;
        if (bytes > long.MaxValue) throw CliErrors.BadSize(text);
        return (long)bytes;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
