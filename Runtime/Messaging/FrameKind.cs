namespace OrleansSync.Runtime.Messaging;

/// <summary>Kind byte of a frame header (see <see cref="FrameCodec"/> for the layout).</summary>
internal enum FrameKind : byte
{
    /// <summary>A request; the receiver answers with <see cref="Response"/> or <see cref="ErrorResponse"/> under the same correlation id.</summary>
    Request = 1,

    /// <summary>The successful answer to a request.</summary>
    Response = 2,

    /// <summary>A message that expects no answer (correlation id 0).</summary>
    OneWay = 3,

    /// <summary>The answer to a request whose handler failed; payload is UTF-8 "type\nmessage".</summary>
    ErrorResponse = 4,

    /// <summary>A liveness probe, answered by the transport itself with <see cref="Pong"/>.</summary>
    Ping = 5,

    /// <summary>The answer to <see cref="Ping"/>.</summary>
    Pong = 6,

    /// <summary>Handshake step 1, connector to acceptor.</summary>
    Hello = 0x10,

    /// <summary>Handshake step 2, acceptor to connector.</summary>
    Challenge = 0x11,

    /// <summary>Handshake step 3, connector to acceptor.</summary>
    Proof = 0x12,

    /// <summary>Handshake step 4, acceptor to connector: the connection is open.</summary>
    Accepted = 0x13,

    /// <summary>Handshake refusal with a UTF-8 reason, sent by either side before it closes.</summary>
    Rejected = 0x14,
}
