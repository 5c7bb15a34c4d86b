using Kiln.Go.Packages;

namespace Kiln.Go.Build;

/// The `#cgo` directives of a package as the go command accepts them: every flag on the allow-list
/// (CgoSecurity) and no pkg-config, which Kiln does not run (its output would depend on the host).
internal static class CgoFlags
{
    public static void Check(GoPackage p)
    {
        if (p.CgoPkgConfig.Count > 0) throw BuildErrors.PkgConfigNotSupported(p.ImportPath, p.CgoPkgConfig);
        foreach (var (name, flags) in new[] { ("CPPFLAGS", p.CgoCPPFLAGS), ("CFLAGS", p.CgoCFLAGS), ("CXXFLAGS", p.CgoCXXFLAGS), ("FFLAGS", p.CgoFFLAGS), ("LDFLAGS", p.CgoLDFLAGS) })
        {
            if (CgoSecurity.FirstInvalid(name, flags) is { } bad) throw BuildErrors.InvalidCgoFlag(p.ImportPath, name, bad);
        }
    }
}
