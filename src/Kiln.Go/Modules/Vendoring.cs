namespace Kiln.Go.Modules;

/// A main module built from its vendor directory (-mod=vendor): the packages of every other module come from
/// `vendor/`, as vendor/modules.txt assigns them, and no module store or proxy is needed.
/// `Explicit`: -mod=vendor was set in GOFLAGS rather than chosen by default.
public sealed record Vendoring(VendorList List, bool Explicit)
{
    /// Why an import no module provides cannot be looked up, as the go command words it.
    public string LookupDisabled => Explicit
        ? "import lookup disabled by -mod=vendor"
        : "import lookup disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)";

    /// The -mod flag of GOFLAGS (the last one wins, as flags do), or null when it sets none.
    public static string? ModFlag(IReadOnlyDictionary<string, string> environment) => Build.GoFlagsVariable.From(environment).Value("mod");

    /// Whether builds of the go.mod in `moduleDir` use its vendor directory, as the go command decides
    /// (modload.setDefaultBuildMod): -mod=vendor, or no -mod and a vendor directory with a go line of at least
    /// 1.14 and a modules.txt not written for a go.work. When they do, modules.txt is read and checked against
    /// go.mod (an inconsistency is go's error); null otherwise.
    public static Vendoring? For(string moduleDir, string workspaceRoot, GoModFile goMod, string? modFlag, string toolchain)
    {
        if (modFlag is not (null or "vendor" or "mod" or "readonly")) throw GoModuleErrors.InvalidModFlag(modFlag);
        if (modFlag is "mod" or "readonly") return null;
        var dir = Path.Combine(moduleDir, "vendor");
        var label = Path.GetRelativePath(workspaceRoot, Path.Combine(dir, "modules.txt"));
        if (modFlag is null && (!Directory.Exists(dir) || goMod.Go is null || GoVersion.Compare(goMod.Go, "1.14") < 0)) return null;
        var list = VendorList.Read(dir, label, toolchain);
        if (modFlag is null && list.ForWorkspace) return null;
        var problems = VendorConsistency.Problems(goMod, list);
        if (problems.Count > 0) throw GoModuleErrors.InconsistentVendoring(moduleDir, problems);
        return new Vendoring(list, modFlag is not null);
    }

    /// go.work mode reads only the workspace's own vendor directory (`go work vendor`), which Kiln does not build
    /// from yet: true when the go command would use it.
    public static bool WorkspaceVendors(string goWorkPath, string? goWorkGo, string? modFlag)
    {
        if (modFlag == "vendor") return true;
        if (modFlag is not null) return false;
        var dir = Path.Combine(Path.GetDirectoryName(goWorkPath)!, "vendor");
        if (!Directory.Exists(dir) || goWorkGo is null || GoVersion.Compare(goWorkGo, "1.14") < 0) return false;
        var modulesTxt = Path.Combine(dir, "modules.txt");
        return File.Exists(modulesTxt) && VendorList.IsForWorkspace(File.ReadAllText(modulesTxt));
    }
}
