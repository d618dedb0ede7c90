namespace OrleansSync.Client.Commands;

/// <summary>The JSON object (and summary table) of <c>bench queue</c>; send latency is one committed send, ack latency one receive+ack of a message.</summary>
internal sealed record QueueBenchmarkResult(
    int Producers,
    int Consumers,
    int Partitions,
    double Seconds,
    long Sent,
    long Acked,
    long Errors,
    double SendsPerSecond,
    double AcksPerSecond,
    double SendP50Ms,
    double SendP99Ms,
    string? FirstError);
