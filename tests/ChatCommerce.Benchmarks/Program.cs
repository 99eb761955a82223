using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ChatCommerce.Benchmarks.EngineTurnBenchmarks).Assembly).Run(args);
