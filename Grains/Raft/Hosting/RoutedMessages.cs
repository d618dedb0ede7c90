namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>One peer's message batch (RaftMessageCodec) for one destination peer.</summary>
internal readonly record struct RoutedMessages(RaftPeerKey Destination, byte[] Batch);
