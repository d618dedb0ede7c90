namespace OrleansSync.Runtime.Redis;

/// <summary>The RESP type of a reply. RESP2 uses the first five plus <see cref="Null"/>; the rest are RESP3.</summary>
public enum RedisReplyKind
{
    /// <summary><c>+OK</c></summary>
    SimpleString,

    /// <summary><c>-ERR message</c> (and RESP3 blob errors <c>!</c>); only seen as an element of an array, a top-level error becomes a <see cref="RedisServerException"/>.</summary>
    Error,

    /// <summary><c>:42</c></summary>
    Integer,

    /// <summary><c>$3\r\nfoo</c></summary>
    BulkString,

    /// <summary><c>*2\r\n...</c></summary>
    Array,

    /// <summary>RESP2 null bulk string (<c>$-1</c>) or null array (<c>*-1</c>), or RESP3 <c>_</c>.</summary>
    Null,

    /// <summary>RESP3 <c>,3.14</c></summary>
    Double,

    /// <summary>RESP3 <c>#t</c> / <c>#f</c>; <see cref="RedisReply.Integer"/> is 1 or 0.</summary>
    Boolean,

    /// <summary>RESP3 <c>(123...</c>, kept as text.</summary>
    BigNumber,

    /// <summary>RESP3 <c>=15\r\ntxt:...</c>; the bytes include the three-letter format and colon.</summary>
    VerbatimString,

    /// <summary>RESP3 <c>%n</c>: elements are key, value, key, value, ...</summary>
    Map,

    /// <summary>RESP3 <c>~n</c></summary>
    Set,

    /// <summary>RESP3 <c>&gt;n</c>: an out-of-band message (pub/sub, invalidation) not matched to a command.</summary>
    Push,
}
