using System.Globalization;
using System.Text;

namespace Kiln.Go.Test;

/// One test2json event, `{"Time":…,"Action":…,"Package":…,"Test":…,"Elapsed":…,"Output":…}`, and its
/// encoding exactly as Go's encoding/json writes it (field order, omitted empty fields, HTML-safe escapes,
/// invalid UTF-8 as \ufffd, RFC 3339 times with trailing zeros trimmed, shortest float form).
public sealed record TestJsonEvent(DateTimeOffset? Time, string Action, string Package, string Test, double? Elapsed, byte[]? Output)
{
    public string OutputText => Output is null ? "" : Encoding.UTF8.GetString(Output);

    public string ToJson()
    {
        var sb = new StringBuilder("{");
        if (Time is { } t) sb.Append("\"Time\":\"").Append(GoTime(t)).Append("\",");
        sb.Append("\"Action\":");
        AppendString(sb, Encoding.UTF8.GetBytes(Action));
        if (Package.Length > 0) { sb.Append(",\"Package\":"); AppendString(sb, Encoding.UTF8.GetBytes(Package)); }
        if (Test.Length > 0) { sb.Append(",\"Test\":"); AppendString(sb, Encoding.UTF8.GetBytes(Test)); }
        if (Elapsed is { } e) sb.Append(",\"Elapsed\":").Append(GoFloat(e));
        if (Output is not null) { sb.Append(",\"Output\":"); AppendString(sb, Output); }
        return sb.Append('}').ToString();
    }

    /// time.Time's RFC3339Nano in UTC: `2026-11-25T06:18:34.8052830Z` with the fraction's trailing zeros removed.
    public static string GoTime(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    /// encoding/json's float64: the shortest decimal that round-trips, without an exponent in the usual range.
    public static string GoFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('E', StringComparison.Ordinal)) return text;
        var abs = Math.Abs(value);
        return abs is >= 1e-6 and < 1e21 ? ((decimal)value).ToString(CultureInfo.InvariantCulture) : text.Replace("E", "e", StringComparison.Ordinal);
    }

    private static void AppendString(StringBuilder sb, ReadOnlySpan<byte> s)
    {
        sb.Append('"');
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (b < 0x80)
            {
                switch (b)
                {
                    case (byte)'\\' or (byte)'"': sb.Append('\\').Append((char)b); break;
                    case (byte)'\b': sb.Append("\\b"); break;
                    case (byte)'\f': sb.Append("\\f"); break;
                    case (byte)'\n': sb.Append("\\n"); break;
                    case (byte)'\r': sb.Append("\\r"); break;
                    case (byte)'\t': sb.Append("\\t"); break;
                    case < 0x20 or (byte)'<' or (byte)'>' or (byte)'&': sb.Append("\\u00").Append(b.ToString("x2", CultureInfo.InvariantCulture)); break;
                    default: sb.Append((char)b); break;
                }
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf8(s[i..], out var rune, out var size) != System.Buffers.OperationStatus.Done)
            {
                sb.Append("\\ufffd");
                i++;
                continue;
            }
            if (rune.Value is 0x2028 or 0x2029) sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(rune.ToString());
            i += size;
        }
        sb.Append('"');
    }
}
