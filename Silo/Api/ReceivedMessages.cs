namespace OrleansSync.Silo.Api;

/// <summary>What <c>POST /queues/{name}/receive</c> answers: the delivered messages (none when the wait ended empty).</summary>
internal sealed record ReceivedMessages(string Queue, IReadOnlyList<ReceivedMessageState> Messages);
