using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Invocation;

/// <summary>Encodes the runtime's request and response payloads (the transport sees opaque bytes).</summary>
internal static class MessageCodec
{
    /// <summary>Bumped when the payload layout changes incompatibly.</summary>
    public const byte Version = 1;

    public static byte[] EncodeCall(GrainCallRequest request)
    {
        var writer = new GrainWriter();
        writer.WriteByte(Version);
        writer.WriteByte((byte)MessageKind.GrainCall);
        writer.WriteString(request.InterfaceName);
        writer.WriteString(request.Key);
        writer.WriteVarUInt32(request.MethodId);
        writer.WriteVarUInt32((uint)request.HopCount);
        writer.WriteNullableBytes(request.Arguments.Span, false);
        writer.WriteString(request.GrainType);
        return writer.ToArray();
    }

    public static byte[] EncodePing()
    {
        var writer = new GrainWriter();
        writer.WriteByte(Version);
        writer.WriteByte((byte)MessageKind.Ping);
        return writer.ToArray();
    }

    /// <summary>Decodes a request; returns its kind and, for calls, the call.</summary>
    public static MessageKind DecodeRequest(ReadOnlyMemory<byte> payload, out GrainCallRequest? request)
    {
        var reader = new GrainReader(payload);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new GrainSerializationException($"Unsupported message version {version} (this silo speaks {Version}).");
        }

        var kind = (MessageKind)reader.ReadByte();
        request = null;
        switch (kind)
        {
            case MessageKind.Ping:
                break;
            case MessageKind.GrainCall:
                var interfaceName = reader.ReadString() ?? throw new GrainSerializationException("Call without an interface name.");
                var key = reader.ReadString() ?? throw new GrainSerializationException("Call without a key.");
                var methodId = reader.ReadVarUInt32();
                var hops = (int)Math.Min(reader.ReadVarUInt32(), int.MaxValue);
                var arguments = reader.ReadNullableBytes() ?? [];
                request = new GrainCallRequest(interfaceName, key, methodId, arguments, hops) { GrainType = reader.ReadString() };
                break;
            default:
                throw new GrainSerializationException($"Unknown message kind {(byte)kind}.");
        }

        reader.EnsureFullyConsumed();
        return kind;
    }

    public static byte[] EncodeResponse(GrainCallResponse response)
    {
        var writer = new GrainWriter();
        writer.WriteByte((byte)response.Status);
        switch (response.Status)
        {
            case ResponseStatus.Ok:
                writer.WriteNullableBytes(response.Payload.Span, false);
                break;
            case ResponseStatus.Failed:
                ExceptionCodec.Write(writer, response.Error!);
                break;
            default:
                writer.WriteString(response.RetryReason);
                break;
        }

        return writer.ToArray();
    }

    public static GrainCallResponse DecodeResponse(ReadOnlyMemory<byte> payload)
    {
        var reader = new GrainReader(payload);
        var status = (ResponseStatus)reader.ReadByte();
        var response = status switch
        {
            ResponseStatus.Ok => GrainCallResponse.Ok(reader.ReadNullableBytes() ?? []),
            ResponseStatus.Failed => GrainCallResponse.Failed(ExceptionCodec.Read(reader)),
            ResponseStatus.Retry => GrainCallResponse.Retry(reader.ReadString() ?? "retry"),
            _ => throw new GrainSerializationException($"Unknown response status {(byte)status}."),
        };
        reader.EnsureFullyConsumed();
        return response;
    }
}
