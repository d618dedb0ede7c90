namespace OrleansSync.Grains.Queues.Client;

/// <summary>A queue operation was refused; <see cref="Code"/> says why (<see cref="WireCode"/>: its stable text, e.g. <c>receipt-stale</c>).</summary>
public sealed class QueueException : Exception
{
    public QueueException(QueueErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public QueueException(QueueErrorCode code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public QueueException()
    {
    }

    public QueueException(string message)
        : base(message)
    {
    }

    public QueueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QueueErrorCode Code { get; }

    public string WireCode => QueueErrorCodes.ToWireCode(Code);
}
