namespace Kiln.Go.Modules;

/// The go command's checkVendorConsistency for one main module: vendor/modules.txt must record every
/// requirement of go.mod as explicit at its version, and every replacement exactly as go.mod spells it.
/// Each problem is worded as go words it (`path@version: detail`).
public static class VendorConsistency
{
    public static IReadOnlyList<string> Problems(GoModFile goMod, VendorList vendor)
    {
        // Before go 1.14 modules.txt had no annotations: only contradictions can be found.
        var pre114 = GoVersion.Compare(goMod.Go ?? GoVersion.DefaultGoModVersion, "1.14") < 0;
        var problems = new List<string>();
        void Add(ModuleVersion m, string detail) => problems.Add($"{m}: {detail}");

        foreach (var r in goMod.Require)
        {
            if (vendor.Meta(r.Module).Explicit) continue;
            if (!pre114) Add(r.Module, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt");
            else if (vendor.VersionOf(r.Module.Path) is { } vv && vv != r.Module.Version)
                Add(r.Module, $"is explicitly required in go.mod, but vendor/modules.txt indicates {r.Module.Path}@{vv}");
        }

        var replacements = new Dictionary<ModuleVersion, ModuleVersion>();
        foreach (var r in goMod.Replace) replacements[r.Old] = r.New;
        var seen = new HashSet<ModuleVersion>();
        foreach (var r in goMod.Replace)
        {
            if (!seen.Add(r.Old)) continue;
            var wanted = replacements[r.Old];
            if (vendor.Meta(r.Old).Replacement is not { } recorded)
            {
                if (pre114 && (r.Old.Version.Length == 0 || vendor.VersionOf(r.Old.Path) != r.Old.Version)) continue;
                Add(r.Old, "is replaced in go.mod, but not marked as replaced in vendor/modules.txt");
            }
            else if (recorded != wanted)
            {
                Add(r.Old, $"is replaced by {wanted} in go.mod, but marked as replaced by {recorded} in vendor/modules.txt");
            }
        }

        var required = goMod.Require.Select(r => r.Module).ToHashSet();
        foreach (var m in vendor.Modules.Where(m => vendor.Meta(m).Explicit && !required.Contains(m)))
            Add(m, "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod");

        foreach (var m in vendor.Replaced.Where(m => !replacements.ContainsKey(m) && !replacements.ContainsKey(new ModuleVersion(m.Path, ""))))
            Add(m, "is marked as replaced in vendor/modules.txt, but not replaced in go.mod");
        return problems;
    }
}
