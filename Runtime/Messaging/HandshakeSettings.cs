namespace OrleansSync.Runtime.Messaging;

/// <summary>What one side brings to a handshake: the cluster it belongs to, the shared secret, and who it is.</summary>
internal sealed record HandshakeSettings(string ClusterId, byte[] Secret, PeerIdentity Local);
