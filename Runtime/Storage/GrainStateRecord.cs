namespace OrleansSync.Runtime.Storage;

/// <summary>A stored grain state: its encoded bytes and the ETag a later write must present.</summary>
public sealed record GrainStateRecord(byte[] Data, string ETag);
