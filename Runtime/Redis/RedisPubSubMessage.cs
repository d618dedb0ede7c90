using System.Text;

namespace OrleansSync.Runtime.Redis;

/// <summary>A message received on a subscribed channel; <see cref="Pattern"/> is set when it matched a pattern subscription.</summary>
public sealed record RedisPubSubMessage(string Channel, ReadOnlyMemory<byte> Payload, string? Pattern)
{
    /// <summary>The payload decoded as UTF-8.</summary>
    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}
