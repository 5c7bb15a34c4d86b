using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Packages;

namespace Kiln.Go.Rules;

/// GoPackage and PackageSource in traces: every field, in a fixed order (bump the kinds that embed them
/// whenever this changes).
internal static class GoPackageCodec
{
    public static void Write(TraceWriter w, GoPackage p)
    {
        w.String(p.ImportPath).String(p.Name).String(p.Dir).Bool(p.Standard).Bool(p.Module is not null);
        if (p.Module is { } m) w.String(m.Path).String(m.Version).String(m.GoVersion).Bool(m.Main);
        foreach (var list in Lists(p)) w.Strings(list);
        w.Int(p.ImportMap.Count);
        foreach (var (from, to) in p.ImportMap) w.String(from).String(to);
        w.String(p.Error).Strings(p.DepsErrors).String(p.TestError).Strings(p.Gcflags).Strings(p.Asmflags);
    }

    public static GoPackage Read(TraceReader r)
    {
        var importPath = r.String();
        var name = r.String();
        var dir = r.String();
        var standard = r.Bool();
        GoPackageModule? module = r.Bool() ? new GoPackageModule(r.String(), r.String(), r.NullableString(), r.Bool()) : null;
        EquatableArray<string> L() => new(r.StringArray());
        return new GoPackage
        {
            ImportPath = importPath,
            Name = name,
            Dir = dir,
            Standard = standard,
            Module = module,
            GoFiles = L(),
            CgoFiles = L(),
            CFiles = L(),
            CXXFiles = L(),
            MFiles = L(),
            HFiles = L(),
            FFiles = L(),
            SFiles = L(),
            SwigFiles = L(),
            SwigCXXFiles = L(),
            SysoFiles = L(),
            IgnoredGoFiles = L(),
            EmbedPatterns = L(),
            EmbedFiles = L(),
            TestEmbedPatterns = L(),
            TestEmbedFiles = L(),
            XTestEmbedPatterns = L(),
            XTestEmbedFiles = L(),
            Imports = L(),
            Deps = L(),
            TestGoFiles = L(),
            XTestGoFiles = L(),
            TestImports = L(),
            XTestImports = L(),
            CgoCFLAGS = L(),
            CgoCPPFLAGS = L(),
            CgoCXXFLAGS = L(),
            CgoFFLAGS = L(),
            CgoLDFLAGS = L(),
            CgoPkgConfig = L(),
            ImportMap = ReadMap(r),             // an object initializer runs in order: the fields as Write wrote them
            Error = r.NullableString(),
            DepsErrors = L(),
            TestError = r.NullableString(),
            Gcflags = L(),
            Asmflags = L(),
        };
    }

    private static EquatableMap<string> ReadMap(TraceReader r)
    {
        var n = r.Count();
        if (n == 0) return EquatableMap<string>.Empty;
        var map = new Dictionary<string, string>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++) map[r.String()] = r.String();
        return new EquatableMap<string>(map);
    }

    private static IEnumerable<EquatableArray<string>> Lists(GoPackage p) =>
    [
        p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.MFiles, p.HFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles,
        p.IgnoredGoFiles, p.EmbedPatterns, p.EmbedFiles, p.TestEmbedPatterns, p.TestEmbedFiles, p.XTestEmbedPatterns, p.XTestEmbedFiles,
        p.Imports, p.Deps, p.TestGoFiles, p.XTestGoFiles, p.TestImports, p.XTestImports, p.CgoCFLAGS, p.CgoCPPFLAGS, p.CgoCXXFLAGS,
        p.CgoFFLAGS, p.CgoLDFLAGS, p.CgoPkgConfig,
    ];

    public static void Write(TraceWriter w, PackageSource s) =>
        w.String(s.DiskDir).Digest(s.Tree).Digest(s.ModuleTree).String(s.ModuleDir);

    public static PackageSource ReadSource(TraceReader r) =>
        new PackageSource(r.NullableString(), r.Digest()) { ModuleTree = r.Digest(), ModuleDir = r.String() };
}
