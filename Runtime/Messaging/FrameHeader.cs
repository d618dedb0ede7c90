namespace OrleansSync.Runtime.Messaging;

/// <summary>The decoded 16-byte header of a frame.</summary>
internal readonly record struct FrameHeader(FrameKind Kind, long CorrelationId, int PayloadLength);
