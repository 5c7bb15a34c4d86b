namespace Kiln.Core;

/// User-facing failures of Core's own values.
public static class KilnErrors
{
    public static KilnException BadRelativePath(string path, string why) => new(ErrorKind.User,
        "not a valid relative path", [("path", path), ("why", why)]);

    public static KilnException BadDigest(string text) => new(ErrorKind.User,
        "not a valid digest", [("digest", text)], hint: "a digest is written HASH/SIZE: 64 lowercase hex digits, a slash, the size in bytes");
}
