namespace OrleansSync.Silo.Api;

/// <summary>What <c>POST /queues/{name}/messages</c> answers: one entry per message, in the order sent, each committed.</summary>
internal sealed record SentMessages(string Queue, IReadOnlyList<SentMessageState> Messages);
