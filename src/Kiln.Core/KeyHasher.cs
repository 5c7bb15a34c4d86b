using System.Text;

namespace Kiln.Core;

/// Builds a cache key from labelled lines, one per input. Every line is length-prefixed, so no two
/// different sequences of lines hash alike. When an echo sink is given (KILN_DEBUG_HASH=1 in the CLI),
/// every line is written to it so people and `kiln why` can diff keys.
public sealed class KeyHasher
{
    private readonly Sha256 _sha = new();
    private readonly string _domain;
    private readonly TextWriter? _echo;

    public static TextWriter? DebugEcho { get; set; }

    public KeyHasher(string domain, TextWriter? echo = null)
    {
        _domain = domain;
        _echo = echo ?? DebugEcho;
        Line("domain", domain);
    }

    public KeyHasher Line(string label, params ReadOnlySpan<string> values)
    {
        var sb = new StringBuilder(label);
        foreach (var v in values)
        {
            sb.Append(' ').Append(v.Length).Append(':').Append(v);
        }
        sb.Append('\n');
        var text = sb.ToString();
        _sha.Append(Encoding.UTF8.GetBytes(text));
        _echo?.Write($"[{_domain}] {text}");
        return this;
    }

    public Digest Finish()
    {
        var hash = _sha.Finish();
        return new Digest(Convert.ToHexStringLower(hash), hash.Length);
    }
}
