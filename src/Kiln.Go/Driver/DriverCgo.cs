using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Go.Driver;

/// A cgo package's compiled Go files as `go list -compiled` gives them: cgo's `_cgo_gotypes.go`, one `.cgo1.go`
/// per cgo file (with `//line` directives back to the package's own files) and `_cgo_import.go`, from the cgo
/// steps of Kiln's compile action run in the package's real directory. Generated once per content of the files
/// cgo reads (and SDK, C compiler and flags) under `STORE/gopackages/cgo/KEY/`, atomically.
public sealed class DriverCgo
{
    private readonly string _root;
    private readonly GoSdk _sdk;
    private readonly BuildConfig _config;
    private readonly GoTools _tools;

    public DriverCgo(string root, GoSdk sdk, BuildConfig config)
    {
        _root = root;
        _sdk = sdk;
        _config = config;
        _tools = new GoTools(sdk, config);
    }

    /// The generated files, or null when the package does not use cgo in this configuration or cgo fails on it
    /// (go/packages then sees the cgo sources, and the compile's own error reaches the user through a build).
    public IReadOnlyList<string>? GoFiles(GoPackage p, string dir)
    {
        if (!_config.CgoEnabled || p.CgoFiles.Count == 0 || _tools.CCompiler is not { } cc) return null;
        var steps = new CgoAction(_tools, cc).For(p, dir, "/_", GoTools.BuildId(p.ImportPath, "gopackages"), []);
        var key = Key(p, dir, cc, steps.Script);
        var top = Path.Combine(_root, key);
        var files = steps.GoFiles.Select(f => f.Replace(CgoAction.ObjDir, Path.Combine(top, "obj"), StringComparison.Ordinal)).ToList();
        if (files.All(File.Exists)) return files;

        var tmp = $"{top}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(Path.Combine(tmp, "tmp"));
        try
        {
            if (!Run(steps.Script.Replace("{sandbox}", tmp, StringComparison.Ordinal), dir, tmp)) return null;
            foreach (var f in Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".go", StringComparison.Ordinal)))
                File.Delete(f);
            try { Directory.Move(tmp, top); }
            catch (IOException) when (Directory.Exists(top)) { } // another driver generated them meanwhile
            return files.All(File.Exists) ? files : null;
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        }
    }

    private bool Run(string script, string dir, string sandbox)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-e", "-c", script])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Clear();
        foreach (var (k, v) in _tools.Env(forLink: false, cgo: true)) psi.Environment[k] = v.Replace("{sandbox}", sandbox, StringComparison.Ordinal);
        using var process = Process.Start(psi)!;
        // Drained, not shown: the driver's stdout is its answer, and a failing cgo step is the build's to report.
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        process.WaitForExit();
        output.Wait();
        return process.ExitCode == 0;
    }

    /// What the generated files depend on: the toolchain and C compiler, the configuration, the script (flags,
    /// file names, directory) and the content of every file of the package cgo or gcc reads.
    private string Key(GoPackage p, string dir, CCompiler cc, string script)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) => hash.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Add("gopackages-cgo/v1");
        Add(_sdk.Identity);
        Add(cc.Identity);
        Add($"{_config.GoOs}/{_config.GoArch}");
        Add(script);
        foreach (var f in p.CgoFiles.Concat(p.CFiles).Concat(p.CXXFiles).Concat(p.HFiles).Concat(p.SFiles).Order(StringComparer.Ordinal))
        {
            Add(f);
            using var stream = File.OpenRead(Path.Combine(dir, f));
            hash.AppendData(SHA256.HashData(stream));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
