using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// The `#cgo` directives of a package as the go command accepts them: every flag on the allow-list
/// (CgoSecurity). pkg-config's flags are checked when it runs (PkgConfig).
internal static class CgoFlags
{
    public static void Check(GoPackage p)
    {
        foreach (var (name, flags) in new[] { ("CPPFLAGS", p.CgoCPPFLAGS), ("CFLAGS", p.CgoCFLAGS), ("CXXFLAGS", p.CgoCXXFLAGS), ("FFLAGS", p.CgoFFLAGS), ("LDFLAGS", p.CgoLDFLAGS) })
        {
            if (CgoSecurity.FirstInvalid(name, flags) is { } bad) throw BuildErrors.InvalidCgoFlag(p.ImportPath, name, bad);
        }
    }
}
