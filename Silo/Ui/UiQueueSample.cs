namespace OrleansSync.Silo.Ui;

/// <summary>One queue in a sample: messages it holds, and its sent and acked counters (rates come from two samples).</summary>
internal sealed record UiQueueSample(string Name, long Messages, long SentTotal, long AckedTotal);
