namespace OrleansSync.Grains.Locks;

/// <summary>Bytes that should be an encoded <see cref="LockCommand"/> are not one.</summary>
public sealed class LockCommandFormatException : Exception
{
    public LockCommandFormatException(string message)
        : base(message)
    {
    }

    public LockCommandFormatException()
    {
    }

    public LockCommandFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
