namespace OrleansSync.Grains.Queues;

/// <summary>The kind byte of an encoded <see cref="QueueCommand"/>; values are part of the log format.</summary>
public enum QueueCommandKind : byte
{
    CreateQueue = 1,
    DeleteQueue = 2,
    Send = 3,
    Receive = 4,
    Ack = 5,
    Nack = 6,
    Extend = 7,
    Purge = 8,
    Redrive = 9,
    Expire = 10,
    AckBatch = 11,
}
