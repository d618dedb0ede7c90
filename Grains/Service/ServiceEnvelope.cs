using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Service;

/// <summary>The one-byte <see cref="ServiceKind"/> prefix that routes a command or query to its primitive in a Raft group.</summary>
public static class ServiceEnvelope
{
    /// <summary><paramref name="payload"/> (a lock, queue or cache command or query) addressed to <paramref name="kind"/>.</summary>
    public static byte[] Wrap(ServiceKind kind, ReadOnlySpan<byte> payload)
    {
        var wrapped = new byte[payload.Length + 1];
        wrapped[0] = (byte)kind;
        payload.CopyTo(wrapped.AsSpan(1));
        return wrapped;
    }

    /// <summary>The kind and the payload of <paramref name="wrapped"/>; throws <see cref="CommandFormatException"/> if it is empty or of no known kind.</summary>
    public static (ServiceKind Kind, ReadOnlyMemory<byte> Payload) Open(ReadOnlyMemory<byte> wrapped)
    {
        if (wrapped.IsEmpty)
        {
            throw new CommandFormatException("An empty command names no service.");
        }

        var kind = (ServiceKind)wrapped.Span[0];
        return Enum.IsDefined(kind)
            ? (kind, wrapped[1..])
            : throw new CommandFormatException($"Unknown service {(byte)kind}.");
    }
}
