using System.Text;

namespace Kiln.Go.Test;

/// -coverprofile=FILE: the per-package profiles merged as go test does (test/cover.go): `mode: M` once,
/// then each profile's blocks without its own mode line; a profile with another first line is reported.
public static class CoverProfile
{
    public static byte[] Merge(string mode, IEnumerable<PackageTestResult> results, TextWriter errors)
    {
        var expect = Encoding.UTF8.GetBytes($"mode: {mode}\n");
        using var merged = new MemoryStream();
        merged.Write(expect);
        foreach (var r in results)
        {
            if (r.CoverProfile is not { Length: > 0 } profile) continue;
            if (!profile.AsSpan().StartsWith(expect))
            {
                errors.Write($"error: test wrote malformed coverage profile for {r.ImportPath}.\n");
                continue;
            }
            merged.Write(profile.AsSpan(expect.Length));
        }
        return merged.ToArray();
    }
}
