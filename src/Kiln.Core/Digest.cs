namespace Kiln.Core;

/// SHA-256 and length, as the remote APIs spell them. default(Digest) is "no digest", never a real one.
public readonly record struct Digest(string Hash, long SizeBytes)
{
    public static readonly Digest Empty = new("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0);

    public static Digest Of(ReadOnlySpan<byte> data) =>
        new(Convert.ToHexStringLower(Sha256.HashData(data)), data.Length);

    public static Digest OfStream(Stream stream)
    {
        using var sha = new Sha256(stream.CanSeek ? stream.Length - stream.Position : long.MaxValue);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            sha.Append(buffer.AsSpan(0, read));
            size += read;
        }
        return new(Convert.ToHexStringLower(sha.Finish()), size);
    }

    public bool IsValid => Hash is { Length: 64 } && SizeBytes >= 0 && IsLowerHex(Hash);

    /// Parses `hash/size`, the form `kiln debug digest` prints and REAPI resource names use.
    public static bool TryParse(string text, out Digest digest)
    {
        digest = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !long.TryParse(text.AsSpan(slash + 1), out var size)) return false;
        var candidate = new Digest(text[..slash], size);
        if (!candidate.IsValid) return false;
        digest = candidate;
        return true;
    }

    public override string ToString() => $"{Hash}/{SizeBytes}";

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }
        return true;
    }
}
