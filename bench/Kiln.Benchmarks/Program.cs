using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Kiln.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
