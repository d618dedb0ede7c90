namespace OrleansSync.Runtime.Invocation;

internal enum MessageKind : byte
{
    GrainCall = 1,
    Ping = 2,
}
