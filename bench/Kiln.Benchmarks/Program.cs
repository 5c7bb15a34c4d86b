using BenchmarkDotNet.Running;
using Kiln.Benchmarks;

// dotnet run -c Release --project bench/Kiln.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Kiln.Benchmarks -- tree DIR    (writes the 10,000-file tree, for manual comparisons)
if (args is ["tree", var dir])
{
    Console.WriteLine($"{SourceTree.Write(dir)} bytes in {SourceTree.FileCount} files under {dir}");
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
