namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Raised when a value cannot be encoded (its type is not serializable) or when input bytes are
/// malformed, truncated or exceed a bound. Decoding never throws anything else for bad input.
/// </summary>
public sealed class GrainSerializationException : Exception
{
    public GrainSerializationException(string message)
        : base(message)
    {
    }

    public GrainSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
