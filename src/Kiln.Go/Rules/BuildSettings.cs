using Kiln.Engine;

namespace Kiln.Go.Rules;

/// Everything a Go rule depends on that is neither a workspace file nor another rule: the Go SDK's identity,
/// the build configuration (GOOS/GOARCH, tags, cgo, -race), the C compiler, each go.mod's module manifest
/// (its build list and stored module trees, from go.mod and go.sum). One line per setting.
public sealed record BuildSettings : IKey<string>
{
    public override string ToString() => "build settings";
}
