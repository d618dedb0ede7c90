namespace OrleansSync.Grains.Raft;

/// <summary>
/// Stored Raft data is corrupt in a way recovery must not paper over (not a torn tail):
/// the message names the file and byte offset.
/// </summary>
public sealed class RaftStorageCorruptedException : Exception
{
    public RaftStorageCorruptedException(string message)
        : base(message)
    {
    }

    public RaftStorageCorruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RaftStorageCorruptedException()
    {
    }
}
