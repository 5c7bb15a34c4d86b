using System.CommandLine;
using Kiln.Engine;
using Kiln.Go.Build;
using Kiln.Go.Packages;
using Kiln.Go.Rules;
using Kiln.Go.Test;
using Kiln.Go.Vet;

namespace Kiln.Cli.Commands;

/// `kiln test [patterns] [go test flags] [-args ...]`: builds each matched package's test binary and runs
/// it as a cached, sandboxed action; prints go test's per-package lines (`ok`, `FAIL`, `?`); exit code 1
/// when any package failed. `--json` prints go test -json's events instead; `--junit-xml` also writes a report.
internal static class TestCommand
{
    /// The token `-v` means go test's -v here, not Kiln's --verbose.
    public const string VerboseToken = "--test-v";

    /// Global options that take a value, so the token after them is not the command name.
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal) { "--summary-json", "--jobs", "-j", "--remote-cache" };

    /// Splits a `kiln [global options] test ...` command line: after `test`, go's `-v` becomes VerboseToken and
    /// everything after `-args` goes to the test binaries untouched. Other command lines are returned as they are.
    public static (string[] Args, string[] BinaryArgs) SplitArgs(string[] args)
    {
        var command = 0;
        while (command < args.Length && args[command].StartsWith('-'))
            command += ValueOptions.Contains(args[command]) ? 2 : 1;
        if (command >= args.Length || args[command] != "test") return (args, []);
        var cut = Array.IndexOf(args, "-args", command);
        var mine = cut < 0 ? args : args[..cut];
        var rest = cut < 0 ? [] : args[(cut + 1)..];
        return ([.. mine.Select((a, i) => i > command && a is "-v" or "-v=true" ? VerboseToken : a)], rest);
    }

    public static Command Create(KilnApp app)
    {
        var patterns = new Argument<string[]>("patterns") { Description = "./..., ./dir/..., ./dir, import paths (default: .)", Arity = ArgumentArity.ZeroOrMore };
        var run = new Option<string?>("-run") { Description = "run only tests, examples and fuzz tests matching this regexp" };
        var skip = new Option<string?>("-skip") { Description = "skip tests matching this regexp" };
        var verbose = new Option<bool>(VerboseToken, "-test.v") { Description = "-v: print every test's output, even when it passes" };
        var count = new Option<int?>("-count") { Description = "run each test N times; any -count re-runs instead of using the cache" };
        var shortFlag = new Option<bool>("-short") { Description = "tell long-running tests to shorten their run time" };
        var failfast = new Option<bool>("-failfast") { Description = "stop a package's tests after the first failure" };
        var bench = new Option<string?>("-bench") { Description = "run benchmarks matching this regexp" };
        var benchtime = new Option<string?>("-benchtime") { Description = "run each benchmark for this long (or Nx times)" };
        var benchmem = new Option<bool>("-benchmem") { Description = "print memory allocation statistics of benchmarks" };
        var list = new Option<string?>("-list") { Description = "list the tests, benchmarks, fuzz tests and examples matching this regexp; run none" };
        var cpu = new Option<string?>("-cpu") { Description = "GOMAXPROCS values to run tests with" };
        var parallel = new Option<int?>("-parallel") { Description = "run at most N parallel tests" };
        var shuffle = new Option<string?>("-shuffle") { Description = "off, on or a seed: randomize test order" };
        var timeout = new Option<string>("-timeout") { Description = "panic a test binary after this long (default 10m; 0 disables)", DefaultValueFactory = _ => "10m" };
        var force = new Option<bool>("--force") { Description = "run even when a passing result is cached" };
        var json = new Option<bool>("--json", "-json") { Description = "print go test -json's event stream (test2json) instead of text" };
        var junit = new Option<string?>("--junit-xml") { Description = "also write a JUnit XML report of every test to this file" };
        var cover = new Option<bool>("-cover") { Description = "build the tested packages instrumented and print their statement coverage" };
        var covermode = new Option<string?>("-covermode") { Description = "set, count or atomic (default set); implies -cover" };
        var coverpkg = new Option<string?>("-coverpkg") { Description = "comma-separated patterns of packages to cover in every test (default: the package tested); implies -cover" };
        var coverprofile = new Option<string?>("-coverprofile") { Description = "write the merged coverage profile of every package to this file; implies -cover" };
        var vet = new Option<string?>("-vet") { Description = "vet checks run before the tests: off, all, or a comma-separated list (default: go test's subset)" };
        var explain = new Option<bool>("--explain") { Description = "print why each action re-ran (as `kiln why` does afterwards)" };
        var compileOnly = new Option<bool>("-c") { Description = "build each test binary into NAME.test in the current directory (or -o) and run nothing" };
        var ldflags = new Option<string[]>("-ldflags", "--ldflags")
        {
            Description = "the test binaries' linker flags, as go test takes them: '[pattern=]flags', repeatable, the last match wins (default: the packages named; GOFLAGS' first)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var fuzz = new Option<string?>("-fuzz") { Description = "fuzz the one fuzz test matching this regexp, in one package of the main module (never cached)" };
        var fuzztime = new Option<string?>("-fuzztime") { Description = "fuzz for this long (a duration) or this many times (Nx); default: until a failure" };
        var fuzzminimizetime = new Option<string?>("-fuzzminimizetime") { Description = "spend this long (or Nx) minimizing each failing input (default 60s)" };
        var output = new Option<string?>("-o") { Description = "write the test binary here (a directory if it ends in / or exists; /dev/null: nowhere); tests still run unless -c" };
        var go = new GoOptions();
        var cmd = new Command("test", "build and run tests, as go test does, with passing results cached")
        {
            patterns, run, skip, verbose, count, shortFlag, failfast, bench, benchtime, benchmem, list, cpu, parallel, shuffle, timeout, force, json, junit,
            cover, covermode, coverpkg, coverprofile, vet, explain, compileOnly, output, ldflags, fuzz, fuzztime, fuzzminimizetime,
        };
        go.AddTo(cmd, toolFlags: true);
        KilnApp.Profiled(cmd);
        cmd.SetAction(app.Body("test", async (parsed, inv, ct) =>
        {
            var timeoutText = parsed.GetValue(timeout)!;
            var flags = new TestFlags
            {
                Run = parsed.GetValue(run),
                Skip = parsed.GetValue(skip),
                Verbose = parsed.GetValue(verbose),
                Count = parsed.GetValue(count),
                Short = parsed.GetValue(shortFlag),
                FailFast = parsed.GetValue(failfast),
                Bench = parsed.GetValue(bench),
                BenchTime = parsed.GetValue(benchtime),
                BenchMem = parsed.GetValue(benchmem),
                List = parsed.GetValue(list),
                Cpu = parsed.GetValue(cpu),
                Parallel = parsed.GetValue(parallel),
                Shuffle = parsed.GetValue(shuffle),
                Fuzz = parsed.GetValue(fuzz),
                FuzzTime = parsed.GetValue(fuzztime),
                FuzzMinimizeTime = parsed.GetValue(fuzzminimizetime),
                Timeout = TestFlags.ParseDuration(timeoutText) ?? throw TestErrors.BadTimeout(timeoutText),
                Args = app.TestBinaryArgs,
                Force = parsed.GetValue(force),
                Json = parsed.GetValue(json) || parsed.GetValue(junit) is not null,
                Vet = parsed.GetValue(vet) is { } vetText ? VetSetting.ParseTestFlag(vetText) : VetSetting.TestDefault,
                CompileOnly = parsed.GetValue(compileOnly),
                KeepsBinary = parsed.GetValue(compileOnly) || parsed.GetValue(output) is not null,
                Ldflags = LinkFlags.From(parsed.GetValue(ldflags), GoFlagsVariable.From(inv.Host.Variables)),
                WorkingDirectory = inv.Host.CurrentDirectory,
            };
            var coverMode = parsed.GetValue(covermode);
            if (coverMode is not (null or "set" or "count" or "atomic")) throw TestErrors.BadCoverMode(coverMode);
            var coverPatterns = parsed.GetValue(coverpkg);
            var profilePath = parsed.GetValue(coverprofile) is { } cp ? inv.ResolvePath(cp) : null;
            if (parsed.GetValue(cover) || coverPatterns is not null || profilePath is not null) coverMode ??= "set";
            flags = flags with { CoverMode = coverMode, CoverProfile = profilePath is not null };
            var jsonOut = parsed.GetValue(json);
            var junitPath = parsed.GetValue(junit) is { } jp ? inv.ResolvePath(jp) : null;
            var session = await GoSession.OpenAsync(parsed, go, inv, defaultCgo: null, ct);
            var requested = parsed.GetValue(patterns) is { Length: > 0 } p ? p : ["."];
            // Cacheable flags: the engine's test rule, with results kept in the workspace's traces. Otherwise (-count,
            // -cover, -bench, ...) the tester alone, every result computed or looked up afresh.
            GoEngineRun? engineRun = null;
            LoadedGraph? loaded = null;
            IReadOnlyList<GoPackage> matched, all;
            if (flags.Cacheable && coverMode is null && !flags.KeepsBinary)
            {
                engineRun = GoEngineRun.Open(session, inv);
                if (parsed.GetValue(explain)) engineRun.ExplainAsActionsStart(inv);
                var graph = loaded = await engineRun.ResolveAsync(session.Graph(inv.Host.CurrentDirectory, requested, tests: true), ct);
                matched = [.. graph.Matched.Select(ip => graph.Find(ip)!.Package)];
                all = [.. graph.All.Select(l => l.Package)];
            }
            else
            {
                matched = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, requested, Deps: false, Tests: false), ct);
                all = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, requested, Deps: true, Tests: true), ct);
                var named = matched.Select(m => m.ImportPath).ToHashSet(StringComparer.Ordinal);
                matched = session.WithToolFlags(matched, named, inv.Host.CurrentDirectory);
                all = session.WithToolFlags(all, named, inv.Host.CurrentDirectory);
            }
            if (flags.Fuzz is not null)
            {
                // go test -fuzz: one package of the main module, every package of its test instrumented for fuzzing.
                FuzzTarget.Check(matched, coverMode is not null, profilePath is not null, session.Config.GoOs);
                matched = [.. matched.Select(m => FuzzTarget.Instrument(m, session.Config.GoArch))];
                all = [.. all.Select(a => FuzzTarget.Instrument(a, session.Config.GoArch))];
            }
            if (coverMode is not null)
            {
                // What instrumented code and the test main's coverage hooks import, and the -coverpkg packages.
                List<string> extra = [TestFlags.CoverRuntime, "sync/atomic"];
                if (coverPatterns is not null)
                {
                    var split = coverPatterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var covered = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, split, Deps: false, Tests: false), ct);
                    if (covered.Count == 0) throw TestErrors.CoverPackagesMatchedNothing(coverPatterns);
                    flags = flags with { CoverPackages = [.. covered.Select(c => c.ImportPath)], CoverPatterns = split };
                    extra.AddRange(flags.CoverPackages);
                }
                var deps = await session.Loader.ListAsync(session.Roots, new ListRequest(inv.Host.CurrentDirectory, extra, Deps: true, Tests: false), ct);
                var seen = all.Select(a => a.ImportPath).ToHashSet(StringComparer.Ordinal);
                all = [.. all, .. deps.Where(d => seen.Add(d.ImportPath))];
            }
            var targets = flags.KeepsBinary ? TestBinaryTargets.For(matched, parsed.GetValue(output), inv.Host.CurrentDirectory) : null;
            var tester = engineRun?.Tester ?? new GoTester(inv.Store, inv.Executor(Exec.SandboxMode.Directory), session.Sdk, inv.Stats, session.Loader.SourceOf,
                new GoBuilder(inv.Store, inv.Executor(Exec.SandboxMode.Directory), session.Sdk, session.Config, inv.Stats, session.Loader.SourceOf)
                {
                    GoModOf = m => GoEngineRun.MainGoMod(session, m),
                    HostVariables = inv.Host.Variables,
                    HostDirectory = inv.Host.CurrentDirectory,
                });
            // Output as it comes, where go test streams it: every package's events with -json, and a run's text
            // with -bench or -fuzz, or -v (or -list) on one package.
            var printer = new TestOutputPrinter([.. matched.Select(m => m.ImportPath)], inv.Out, jsonOut, TimeProvider.System.GetUtcNow);
            if (!flags.CompileOnly && (jsonOut || flags.Bench is not null || flags.Fuzz is not null || (flags.ShowsPassingOutput && matched.Count == 1)))
                tester.LiveOutput = printer.Write;
            IReadOnlyList<Task<PackageTestResult>> tasks = engineRun is { } er
                ? [.. matched.Select(p => er.Engine.GetAsync(new TestPackage(p.ImportPath, er.Graph!, TestPackage.ArgsOf(flags, flags.LdflagsFor(p, loaded!.Find(p.ImportPath)!.Source.DiskDir)), flags), ct).AsTask())]
                : tester.Start(all, matched, flags, ct);
            var failed = false;
            var reported = new List<(PackageTestResult, IReadOnlyList<TestJsonEvent>)>();
            // With -json a package's verdict is printed when its run ends, as go test's events are; in text, in order.
            await foreach (var task in jsonOut && !flags.CompileOnly ? Task.WhenEach(tasks) : InOrder(tasks))
            {
                var result = await task;
                failed |= result.Verdict is TestVerdict.Fail or TestVerdict.BuildFailed or TestVerdict.SetupFailed;
                if (result.Binary is { } binary && targets?.GetValueOrDefault(result.ImportPath) is { } target)
                    BuildCommand.WriteBinary(inv, new BuiltBinary(result.ImportPath, "", Path.GetFileName(target), binary, Executed: false), target);
                if (flags.CompileOnly)
                {
                    // go test -c prints only the packages without tests; a build failure's compiler output goes to stderr.
                    if (result.Verdict is TestVerdict.BuildFailed or TestVerdict.SetupFailed) await inv.Err.WriteAsync(result.Output);
                    else await inv.Out.WriteAsync(result.Render(showPassingOutput: false));
                    continue;
                }
                if (jsonOut && result.Verdict is TestVerdict.BuildFailed or TestVerdict.SetupFailed) await inv.Err.WriteAsync(result.Output);
                var events = printer.Complete(result, flags.ShowsPassingOutput);
                reported.Add((result, jsonOut || !flags.Json ? events : result.JsonEvents(TimeProvider.System.GetUtcNow)));
            }
            var position = matched.Select((m, i) => (m.ImportPath, i)).ToDictionary(m => m.ImportPath, m => m.i, StringComparer.Ordinal);
            reported.Sort((x, y) => position[x.Item1.ImportPath].CompareTo(position[y.Item1.ImportPath]));
            if (engineRun is not null)
            {
                engineRun.Save();
                // Results reused from the traces are cached passes (only passes and packages without tests are traced).
                var reusedTests = engineRun.Engine.Nodes().Where(n => n.Reused && n.Key is TestPackage).Select(n => ((TestPackage)n.Key).ImportPath)
                    .ToHashSet(StringComparer.Ordinal);
                var cachedPasses = reported.Count(r => r.Item1.Verdict == TestVerdict.Ok && reusedTests.Contains(r.Item1.ImportPath));
                for (var i = 0; i < cachedPasses; i++) inv.Stats.GoTested(cached: true, passed: true);
            }
            if (failed && !jsonOut && !flags.CompileOnly) await inv.Out.WriteLineAsync("FAIL");
            if (profilePath is not null)
                await File.WriteAllBytesAsync(profilePath, CoverProfile.Merge(coverMode!, reported.Select(r => r.Item1), inv.Err), ct);
            if (junitPath is not null) await File.WriteAllTextAsync(junitPath, JUnitReport.Write(reported), ct);
            return failed ? ExitCodes.ActionFailed : ExitCodes.Success;
        }));
        return cmd;
    }

    /// Each task once it has completed, in the order given.
    private static async IAsyncEnumerable<Task<T>> InOrder<T>(IEnumerable<Task<T>> tasks)
    {
        foreach (var task in tasks)
        {
            await task;
            yield return task;
        }
    }
}
