using System.Diagnostics;

namespace Kiln.Go.Tests;

/// Runs the real Go 1.23 toolchain with a hermetic environment; a missing toolchain fails the test.
internal static class GoTool
{
    public const string GoBinary = "/usr/lib/go-1.23/bin/go";

    public static string ProxyDir { get; } = Environment.GetEnvironmentVariable("KILN_GOPROXY_DIR") is { Length: > 0 } d ? d : "/tmp/goproxy";

    /// Shared across tests and runs: module contents never change for a given proxy.
    public static string ModCache { get; } = Path.Combine(Path.GetTempPath(), "kiln-go-tests-modcache");

    public static string RequireProxy()
    {
        if (!Directory.Exists(ProxyDir) || !File.Exists(Path.Combine(ProxyDir, "corpus-report.tsv")))
            Assert.Fail($"the corpus module proxy is missing at {ProxyDir}: build it with /work/shared/corpus/make-proxy (or shared/corpus/make-proxy -o DIR) and set KILN_GOPROXY_DIR=DIR");
        return ProxyDir;
    }

    /// Runs go in dir and returns stdout; a non-zero exit fails the test with stderr.
    public static string Run(string dir, string proxyDir, string goflags, string modCache, params string[] args)
    {
        var (exit, stdout, stderr) = TryRun(dir, proxyDir, goflags, modCache, args);
        if (exit != 0) Assert.Fail($"go {string.Join(' ', args)} in {dir} failed ({exit}):\n{stderr}");
        return stdout;
    }

    /// Runs go in dir and returns its exit code, stdout and stderr.
    public static (int Exit, string Stdout, string Stderr) TryRun(string dir, string proxyDir, string goflags, string modCache, params string[] args)
    {
        if (!File.Exists(GoBinary)) Assert.Fail($"Go 1.23 is not installed at {GoBinary}");
        var psi = new ProcessStartInfo(GoBinary) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["GOPROXY"] = "file://" + proxyDir;
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment["GONOSUMDB"] = "*";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOFLAGS"] = goflags;
        psi.Environment["GOWORK"] = "off";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOMODCACHE"] = modCache;
        psi.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "kiln-go-tests-gocache");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
