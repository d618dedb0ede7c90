// Benchmarks measure; tests assert. Each benchmark is a named sub-command.
Console.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <benchmark>");
return 2;
