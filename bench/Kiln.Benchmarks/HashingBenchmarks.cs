using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using Kiln.Core;

namespace Kiln.Benchmarks;

/// Throughput of `Digest.Of`, the SHA-256 every blob, tree and key goes through.
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private byte[] data = [];

    [Params(4 * 1024, 1024 * 1024, 64 * 1024 * 1024)]
    public int SizeBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = new byte[SizeBytes];
        new Random(42).NextBytes(data);
    }

    [Benchmark]
    public Digest DigestOf() => Digest.Of(data);

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }

    /// MB/s (10^6 bytes per second) from the mean time and the `SizeBytes` parameter.
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Throughput: SizeBytes / Mean, in 10^6 bytes per second";

        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            var size = benchmarkCase.Parameters[nameof(SizeBytes)];
            if (report?.ResultStatistics is not { } stats || size is not int bytes) return "NA";
            var seconds = stats.Mean / 1e9;
            return (bytes / seconds / 1e6).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    }
}
