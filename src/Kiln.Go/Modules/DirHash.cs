using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Go.Modules;

/// The `h1:` hashes go.sum records (golang.org/x/mod/sumdb/dirhash Hash1).
public static class DirHash
{
    /// `h1:` + base64(sha256 of the lines `hex(sha256(file))  name\n`, sorted by name in UTF-8 byte order).
    public static string Hash1(IEnumerable<(string Name, Func<Stream> Open)> files) =>
        Hash1FromHashes(files.Select(f =>
        {
            using var stream = f.Open();
            return (f.Name, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }));

    /// Hash1 when every file's SHA-256 is already known (a stored tree's blob digests are exactly that).
    public static string Hash1FromHashes(IEnumerable<(string Name, string Sha256Hex)> files)
    {
        var summary = new StringBuilder();
        foreach (var (name, hex) in files.OrderBy(f => f.Name, Utf8Ordinal.Instance))
        {
            if (name.Contains('\n')) throw GoModuleErrors.FileNameHasNewline(name);
            summary.Append(hex).Append("  ").Append(name).Append('\n');
        }
        return "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary.ToString())));
    }

    /// The hash of an extracted module tree: every file named `path@version/rel`; symlinks count as the files they point to.
    public static string ForDirectory(string dir, ModuleVersion module)
    {
        var prefix = $"{module.Path}@{module.Version}/";
        var files = new List<(string, Func<Stream>)>();
        void Walk(DirectoryInfo d, string rel)
        {
            foreach (var entry in d.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo sub && sub.LinkTarget is null) { Walk(sub, rel + entry.Name + "/"); continue; }
                var full = entry.FullName;
                files.Add((prefix + rel + entry.Name, () => File.OpenRead(full)));
            }
        }
        Walk(new DirectoryInfo(dir), "");
        return Hash1(files);
    }

    /// The hash of a go.mod alone, as go.sum's `/go.mod` lines record it (one file named `go.mod`).
    public static string ForGoMod(byte[] modBytes) => Hash1([("go.mod", () => new MemoryStream(modBytes, writable: false))]);

    /// The hash of a module zip over its entry names (`path@version/rel`), as cmd/go's `.ziphash`.
    public static string ForZip(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return Hash1(zip.Entries.Select(e => (e.FullName, (Func<Stream>)e.Open)).ToList());
    }
}
