using System.Text;
using Kiln.Core;
using Kiln.Go.Packages;
using Kiln.Go.Sdk;

namespace Kiln.Go.Build;

/// The SDK's compile, asm, pack and link tools and the environment every build action runs them with:
/// the target GOOS/GOARCH (the tools read them from the environment) and the SDK identity, so every key
/// changes with the toolchain.
internal sealed class GoTools(GoSdk sdk, BuildConfig config, Store.LocalStore? store = null)
{
    private readonly Lazy<CCompiler?> _cc = new(() => config.CgoEnabled ? CCompiler.Find(store) : null);

    public string ToolDir => sdk.Env.TryGetValue("GOTOOLDIR", out var d) && d.Length > 0 ? d : Path.Combine(sdk.GoRoot, "pkg", "tool", $"{sdk.GoOs}_{sdk.GoArch}");
    public string Compile => Path.Combine(ToolDir, "compile");
    public string Asm => Path.Combine(ToolDir, "asm");
    public string Pack => Path.Combine(ToolDir, "pack");
    public string Link => Path.Combine(ToolDir, "link");
    public string Cgo => Path.Combine(ToolDir, "cgo");

    /// The C compiler when cgo is enabled and one is installed.
    public CCompiler? CCompiler => _cc.Value;
    public string Cover => Path.Combine(ToolDir, "cover");
    public string Covdata => Path.Combine(ToolDir, "covdata");
    public GoSdk Sdk => sdk;
    public BuildConfig Config => config;

    /// `go1.23.5` → `go1.23`: the language version of std and of packages outside any module.
    public string ToolchainLang => "go" + MajorMinor(sdk.Version.StartsWith("go", StringComparison.Ordinal) ? sdk.Version[2..] : sdk.Version);

    public static string MajorMinor(string version) => string.Join('.', version.Split('.').Take(2));

    /// The `GOAMD64=v1`-style setting of the target architecture, if it has one.
    public (string Name, string Value)? ArchSetting => config.GoArch switch
    {
        "amd64" => ("GOAMD64", sdk.Env.TryGetValue("GOAMD64", out var v) && v.Length > 0 && config.GoArch == sdk.GoArch ? v : "v1"),
        _ => null,
    };

    /// The go command's `-buildmode=default` for an executable (internal/platform.DefaultPIE): position-
    /// independent on windows, darwin, android and ios; a plain exe elsewhere. On windows PIE needs no
    /// compiler flag; on the others every package is compiled `-shared` (`CompilePieFlag`).
    public string LinkBuildMode => config.GoOs switch
    {
        "windows" => config.Race ? "exe" : "pie", // PIE is not supported with -race on windows
        "darwin" or "android" or "ios" => "pie",
        _ => "exe",
    };

    public bool CompilePieFlag => LinkBuildMode == "pie" && config.GoOs != "windows";

    /// `cgo`: the action runs the C compiler (a cgo compile, or a link with cgo on), so its identity is part
    /// of the key and its temporary files stay in the sandbox.
    public Dictionary<string, string> Env(bool forLink, bool cgo = false)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GOOS"] = config.GoOs,
            ["GOARCH"] = config.GoArch,
            ["GOROOT"] = forLink ? "" : sdk.GoRoot, // cmd/go clears GOROOT for -trimpath links: no host path in the binary
            ["GOENV"] = "off",
            ["GOEXPERIMENT"] = "",
            ["PATH"] = "/usr/bin:/bin",
            ["KILN_GO_SDK"] = sdk.Identity,
        };
        if (ArchSetting is { } a) env[a.Name] = a.Value;
        if (cgo && CCompiler is { } cc)
        {
            env["KILN_CC"] = cc.Identity;
            env["TMPDIR"] = "{sandbox}/tmp";
        }
        return env;
    }

    /// A go-style build id: 20 URL-safe base64 characters of a hash of the given parts.
    public static string BuildId(params string[] parts)
    {
        var hash = Core.Sha256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_')[..20];
    }

    public EquatableArray<string> ToolDirectories => new(sdk.ToolDirectories);
}
