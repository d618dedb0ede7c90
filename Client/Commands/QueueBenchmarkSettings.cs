namespace OrleansSync.Client.Commands;

/// <summary>What <c>bench queue</c> runs: producers sending one message at a time, consumers receiving and acking, on a fresh queue.</summary>
internal sealed record QueueBenchmarkSettings(int Producers, int Consumers, int Partitions, TimeSpan Duration);
