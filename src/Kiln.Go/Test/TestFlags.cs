using System.Globalization;

namespace Kiln.Go.Test;

/// The go test flags `kiln test` passes to test binaries (as `-test.NAME=VALUE`), the timeout, the
/// arguments after `-args`, and whether a passing result may come from the cache: as for go test, only
/// when every flag is one of the cacheable ones (-run, -short, -v, -failfast, -timeout, -parallel, -cpu,
/// -benchtime, -list: test.go's list, which has no -skip) and nothing follows -args; `-count` (any value) or `--force` always re-runs.
public sealed record TestFlags
{
    public string? Run { get; init; }
    public string? Skip { get; init; }
    public bool Verbose { get; init; }
    public bool Short { get; init; }
    public bool FailFast { get; init; }
    public int? Count { get; init; }
    public string? Bench { get; init; }
    public string? BenchTime { get; init; }
    /// -benchmem: print memory allocations of benchmarks.
    public bool BenchMem { get; init; }
    /// -list: print the names of the tests, benchmarks, fuzz tests and examples matching it, and run none
    /// (cacheable, as in go test).
    public string? List { get; init; }
    public string? Cpu { get; init; }
    public int? Parallel { get; init; }
    public string? Shuffle { get; init; }
    /// -fuzz: fuzz the one fuzz test matching it (one package of the main module, compiled instrumented), in the
    /// package's own directory, where new failing inputs go to testdata/fuzz; never cached. -fuzztime and
    /// -fuzzminimizetime go to the binary as given.
    public string? Fuzz { get; init; }
    public string? FuzzTime { get; init; }
    public string? FuzzMinimizeTime { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public IReadOnlyList<string> Args { get; init; } = [];
    public bool Force { get; init; }
    /// Run binaries with `-test.v=test2json` (go test -json's framing, for --json and --junit-xml): every
    /// test's events, passing ones included; a different action key from plain or -v runs.
    public bool Json { get; init; }
    /// -cover / -covermode: build the tested packages instrumented (`set`, `count` or `atomic`); null: off.
    public string? CoverMode { get; init; }
    /// -coverpkg: the import paths to instrument in every test binary (null: each package under test only).
    public IReadOnlyList<string>? CoverPackages { get; init; }
    /// -coverpkg as given (comma-separated patterns): the `coverage: N% of statements in PATTERNS` text.
    public IReadOnlyList<string>? CoverPatterns { get; init; }
    /// -vet: the vet checks run before each package's tests (go test's subset by default).
    public Vet.VetSetting Vet { get; init; } = Kiln.Go.Vet.VetSetting.TestDefault;
    /// -coverprofile: have each binary write its profile (`-test.coverprofile`), an output of the run.
    public bool CoverProfile { get; init; }
    /// -c: build each test binary and keep it (TestVerdict.Compiled); run none, vet none.
    public bool CompileOnly { get; init; }
    /// -c or -o: the binary is kept, so it is linked with its debug information; otherwise, as go test links a
    /// binary it only runs (OmitDebug), the test main is compiled with -dwarf=false and linked with -s -w.
    public bool KeepsBinary { get; init; }

    /// -ldflags (with GOFLAGS'), a per-package flag: a test binary is linked with its tested package's
    /// (load/test.go), relative patterns starting from `WorkingDirectory`.
    public Build.PerPackageFlag Ldflags { get; init; } = new("ldflags", Core.EquatableArray<string>.Empty);
    public string WorkingDirectory { get; init; } = "";

    /// The linker flags of p's test binary: p is named on the command line (`dir`: its directory, null for a stored one).
    public IReadOnlyList<string> LdflagsFor(Packages.GoPackage p, string? dir) => Ldflags.For(p, dir, commandLine: true, WorkingDirectory);

    /// The test main's import for coverage (its hooks); listed with the test's packages when -cover is on.
    public const string CoverRuntime = "internal/coverage/cfile";

    /// Where a run writes coverage: `-test.gocoverdir` and the profile, relative to the sandbox root.
    public const string CoverDir = TestRunAction.Own + "/cover";
    public const string CoverProfilePath = CoverDir + "/profile.out";

    public bool Cacheable => !Force && Count is null && Skip is null && Bench is null && !BenchMem && Shuffle is null && Fuzz is null
        && FuzzTime is null && FuzzMinimizeTime is null && Args.Count == 0;

    /// Whether a passing package's output is printed (go test's testShowPass, plus benchmarks' results).
    public bool ShowsPassingOutput => Verbose || List is not null || Bench is not null;

    /// The test binary's arguments, in go test's order: its own flags first, then ours, then -args.
    public List<string> BinaryArgs()
    {
        var argv = new List<string> { "-test.paniconexit0" };
        if (CoverMode is not null) argv.Add("-test.gocoverdir={sandbox}/" + CoverDir);
        if (Fuzz is null) argv.Add("-test.timeout=" + GoDuration(Timeout)); // a fuzzing run lasts as long as -fuzztime says
        if (CoverMode is not null && CoverProfile) argv.Add("-test.coverprofile={sandbox}/" + CoverProfilePath);
        void Add(string name, string? value) { if (value is not null) argv.Add($"-test.{name}={value}"); }
        Add("run", Run);
        Add("skip", Skip);
        if (Json) argv.Add("-test.v=test2json");
        else if (Verbose) argv.Add("-test.v=true");
        if (Short) argv.Add("-test.short=true");
        if (FailFast) argv.Add("-test.failfast=true");
        Add("count", Count?.ToString(CultureInfo.InvariantCulture));
        Add("bench", Bench);
        Add("benchtime", BenchTime);
        if (BenchMem) argv.Add("-test.benchmem=true");
        Add("list", List);
        Add("cpu", Cpu);
        Add("parallel", Parallel?.ToString(CultureInfo.InvariantCulture));
        Add("shuffle", Shuffle);
        Add("fuzz", Fuzz);
        Add("fuzztime", FuzzTime);
        Add("fuzzminimizetime", FuzzMinimizeTime);
        argv.AddRange(Args);
        return argv;
    }

    /// Go's time.Duration.String for whole seconds and above (`10m0s`, `1h0m0s`, `2s`); 0 is `0s`.
    public static string GoDuration(TimeSpan d)
    {
        if (d.TotalSeconds < 1) return d.Ticks == 0 ? "0s" : ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var h = (long)d.TotalHours;
        var text = h > 0 ? $"{h}h{d.Minutes}m" : d.Minutes > 0 ? $"{d.Minutes}m" : "";
        var s = d.Seconds + d.Milliseconds / 1000.0;
        return text + s.ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }

    /// Parses go's duration syntax as -timeout accepts it (`10m`, `90s`, `1h30m`, `500ms`, `0`).
    public static TimeSpan? ParseDuration(string text)
    {
        if (text == "0") return TimeSpan.Zero;
        if (text.Length == 0) return null;
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return null;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            total += text[unitStart..i] switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                "us" or "µs" => TimeSpan.FromMicroseconds(n),
                "ns" => TimeSpan.FromTicks((long)(n / 100)),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero) return null;
        }
        return total;
    }
}
