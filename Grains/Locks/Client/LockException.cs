using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>A lock operation failed; <see cref="Code"/> says why, in the stable numbering of <see cref="LockErrorCode"/>.</summary>
public sealed class LockException : Exception
{
    public LockException(LockErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public LockException()
    {
    }

    public LockException(string message)
        : base(message)
    {
    }

    public LockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LockErrorCode Code { get; }
}
