using Kiln.Core;
using Kiln.Engine;
using Kiln.Go.Test;

namespace Kiln.Go.Rules;

/// Build and run one package's tests with cacheable flags (no -count, -bench, -shuffle, -cover or extra args):
/// `Args` are the test binary's arguments the flags make, which with the package and the graph are all that
/// decides the result.
public sealed record TestPackage(string ImportPath, ResolvePackages Graph, EquatableArray<string> Args, TestFlags Flags) : IKey<PackageTestResult>
{
    /// `ldflags`: the package's test binary's linker flags (TestFlags.LdflagsFor).
    public static EquatableArray<string> ArgsOf(TestFlags flags, IReadOnlyList<string> ldflags) =>
        new([.. flags.BinaryArgs(), "json=" + KeyText.Flag(flags.Json), "vet=" + flags.Vet.Encode(), .. ldflags.Select(f => "ldflag=" + f)]);

    public override string ToString() => "test " + ImportPath;
}
