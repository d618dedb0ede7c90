namespace OrleansSync.Silo.Hosting;

/// <summary>A silo of this process could not start (a port in use, Redis unreachable, ...); the message says which and why.</summary>
internal sealed class SiloStartException : Exception
{
    public SiloStartException()
    {
    }

    public SiloStartException(string message)
        : base(message)
    {
    }

    public SiloStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
