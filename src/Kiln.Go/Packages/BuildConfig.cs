using Kiln.Core;
using Kiln.Go.Sdk;

namespace Kiln.Go.Packages;

/// What build constraints are evaluated against: GOOS, GOARCH, CGO_ENABLED and build tags. Part of every
/// analysis key, because each of them changes which files a package has.
public sealed record BuildConfig(string GoOs, string GoArch, bool CgoEnabled, EquatableArray<string> Tags)
{
    /// The SDK's defaults, overridden by whatever is set (kiln.toml or flags). Like the go command, cgo is on
    /// by default only for a native build on a host with a C compiler (`go env` in a sandbox sees none).
    public static BuildConfig For(GoSdk sdk, string? goos, string? goarch, bool? cgoEnabled, bool hostHasCCompiler, IEnumerable<string> tags)
    {
        var os = goos ?? sdk.GoOs;
        var arch = goarch ?? sdk.GoArch;
        var cgo = cgoEnabled ?? (hostHasCCompiler && os == sdk.GoOs && arch == sdk.GoArch);
        return new(os, arch, cgo, new EquatableArray<string>(tags.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
    }

    /// `-race`: every package compiled and the binary linked with the race detector; the `race` build tag
    /// holds in analysis. Requires cgo, as the go command does on linux.
    public bool Race { get; init; }

    /// `-tags a,b` (and `-race`), or nothing: the go list flags of this configuration.
    public IReadOnlyList<string> TagsArgs => [.. Race ? ["-race"] : Array.Empty<string>(), .. Tags.Count == 0 ? [] : new[] { "-tags", string.Join(",", Tags) }];

    public override string ToString() =>
        $"{GoOs}/{GoArch} cgo={(CgoEnabled ? 1 : 0)}{(Tags.Count == 0 ? "" : " tags=" + string.Join(",", Tags))}{(Race ? " race" : "")}";
}
