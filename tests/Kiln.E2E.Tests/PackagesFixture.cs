using System.Diagnostics;
using Kiln.Testing;

namespace Kiln.E2E.Tests;

/// The install artifacts of eng/package.sh in artifacts/packages/: this machine's self-contained tarball and the
/// .NET tool package. SLOW WHEN MISSING: artifacts already there are reused as they are (run eng/package.sh after
/// changing Kiln to test fresh ones); otherwise eng/package.sh builds them once for the test class, which
/// takes minutes (a NativeAOT publish and a pack).
public sealed class PackagesFixture
{
    public PackagesFixture()
    {
        PackageDir = RepoPaths.Combine("artifacts", "packages");
        if (Find() is not ({ } tarball, { } tool))
        {
            Build();
            (tarball, tool) = Find();
        }
        Tarball = tarball ?? throw new InvalidOperationException($"eng/package.sh wrote no kiln-*-{Rid}.tar.gz into {PackageDir}");
        ToolPackage = tool ?? throw new InvalidOperationException($"eng/package.sh wrote no kiln.*.nupkg into {PackageDir}");
    }

    public static string Rid => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
        == System.Runtime.InteropServices.Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    public string PackageDir { get; }
    public string Tarball { get; }
    public string ToolPackage { get; }

    private (string? Tarball, string? Tool) Find()
    {
        if (!Directory.Exists(PackageDir)) return (null, null);
        return (Directory.GetFiles(PackageDir, $"kiln-*-{Rid}.tar.gz").SingleOrDefault(),
            Directory.GetFiles(PackageDir, "kiln.*.nupkg").SingleOrDefault());
    }

    private static void Build()
    {
        var psi = new ProcessStartInfo("bash", [RepoPaths.Combine("eng", "package.sh"), Rid])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("eng/package.sh took more than 20 minutes");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"eng/package.sh failed (exit {p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
