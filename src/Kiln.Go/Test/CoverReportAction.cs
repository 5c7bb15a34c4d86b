using Kiln.Core;
using Kiln.Exec;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Store;

namespace Kiln.Go.Test;

/// go test -cover's report for a package without test files (work/cover.go WriteCoveragePercent and
/// WriteCoverageProfile): `go tool covdata percent -i DIR` over the package's meta-data file, and with
/// -coverprofile `covdata textfmt -i DIR -o profile`, in one cached action.
internal static class CoverReportAction
{
    public static ProcessRequest Request(LocalStore store, GoTools tools, GoPackage p, Core.Digest meta, bool profile)
    {
        var root = new TreeBuilder(store).AddFile("meta/" + MetaFileName(p.ImportPath), meta).Build();
        var script = $"set -e\n'{tools.Covdata}' percent -i meta\n";
        if (profile) script += $"'{tools.Covdata}' textfmt -i meta -o {TestFlags.CoverProfilePath}\n";
        return new ProcessRequest(new EquatableArray<string>(["/bin/sh", "-c", script]), new EquatableMap<string>(tools.Env(forLink: false)), root,
            new EquatableArray<string>([TestFlags.CoverProfilePath]), EquatableArray<string>.Empty, "cover " + p.ImportPath)
        {
            Timeout = TimeSpan.FromMinutes(10),
            ToolDirectories = tools.ToolDirectories,
        };
    }

    /// covcmd.MetaFileForPackage: `covmeta.` + the SHA-256 of the import path, in hex.
    private static string MetaFileName(string importPath) =>
        "covmeta." + Convert.ToHexStringLower(Core.Sha256.HashData(System.Text.Encoding.UTF8.GetBytes(importPath)));
}
