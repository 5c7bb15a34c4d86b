using System.Reflection;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Testing;

namespace Kiln.Cli.Tests;

/// docs/troubleshooting.md explains every user-facing error: each factory of an `*Errors` class (where all error
/// text lives) has an entry marked `<!-- Class.Method -->`, and no entry names a factory that is gone.
public partial class TroubleshootingDocTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(KilnException).Assembly, typeof(Kiln.Store.LocalStore).Assembly, typeof(Kiln.Exec.JobLimiter).Assembly,
        typeof(Kiln.Engine.BuildEngine).Assembly, typeof(Kiln.Go.Sdk.GoSdk).Assembly, typeof(Kiln.Remote.RemoteCacheFactory).Assembly,
        typeof(KilnApp).Assembly,
    ];

    /// `Class.Method` of every error factory: static methods of `*Errors` classes that return a KilnException
    /// (EngineErrors.While adds context to another error and says nothing of its own).
    private static SortedSet<string> Factories() =>
        new(Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Errors", StringComparison.Ordinal) && t is { IsAbstract: true, IsSealed: true })
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => m.ReturnType == typeof(KilnException) && !m.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Where(name => name != "EngineErrors.While"), StringComparer.Ordinal);

    [Fact]
    public void TroubleshootingPage_HasAnEntryForEveryErrorFactory_AndNoStaleOne()
    {
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "troubleshooting.md"));

        var documented = new SortedSet<string>(Marker().Matches(doc).Select(m => m.Groups[1].Value), StringComparer.Ordinal);

        var factories = Factories();
        Assert.Contains("GoModuleErrors.MissingSumLines", factories);   // the reflection sees public factories
        Assert.Contains("CliErrors.RaceRequiresCgo", factories);        // and internal ones
        Assert.Equal(factories, documented);
    }

    [GeneratedRegex(@"<!-- (\w+Errors\.\w+) -->")]
    private static partial Regex Marker();
}
