namespace OrleansSync.Silo.Api;

/// <summary>A sent message's id and partition; <paramref name="Duplicate"/> when its dedup id repeated one within the window (the id is the first one's).</summary>
internal sealed record SentMessageState(ulong MessageId, int Partition, bool Duplicate);
