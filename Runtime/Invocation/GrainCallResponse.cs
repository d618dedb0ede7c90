namespace OrleansSync.Runtime.Invocation;

/// <summary>The outcome of a grain call on the wire.</summary>
internal sealed record GrainCallResponse(ResponseStatus Status, ReadOnlyMemory<byte> Payload, Exception? Error, string? RetryReason)
{
    public static GrainCallResponse Ok(ReadOnlyMemory<byte> payload) => new(ResponseStatus.Ok, payload, null, null);

    public static GrainCallResponse Failed(Exception error) => new(ResponseStatus.Failed, default, error, null);

    public static GrainCallResponse Retry(string reason) => new(ResponseStatus.Retry, default, null, reason);
}
