using System.Text;

namespace Kiln.Go.Build;

/// Where an action's input root holds what it reads of other packages (export data, archives, vet facts): one flat
/// directory, each file named by the package's import path with its slashes escaped. Materializing a sandbox then
/// makes no directory per element of an import path; those were most of the directories a compile's or a link's
/// sandbox made, and on a file system where each new inode is costly they showed in cold builds.
internal static class DepNames
{
    /// Longer escaped names end in a hash instead (a file name has at most 255 bytes).
    private const int MaxName = 160;

    /// `dir/` + the escaped import path + `extension`, e.g. `deps/example.com%2Fa%2Fb.x`.
    public static string Of(string dir, string importPath, string extension) => dir + "/" + Escape(importPath) + extension;

    /// The import path as one file name: `%` as `%25`, `/` as `%2F` (one to one: import paths are short and have
    /// no `%`); past MaxName bytes, its first part and the SHA-256 of the whole path.
    public static string Escape(string importPath)
    {
        var escaped = importPath.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);
        if (Encoding.UTF8.GetByteCount(escaped) <= MaxName) return escaped;
        var hash = Core.Digest.Of(Encoding.UTF8.GetBytes(importPath)).Hash;
        return escaped[..(MaxName / 2)] + "~" + hash[..32];
    }
}
