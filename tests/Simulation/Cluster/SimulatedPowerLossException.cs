namespace OrleansSync.Simulation.Cluster;

/// <summary>Thrown inside a host turn to model the machine dying mid-write; the host catches it and crashes.</summary>
internal sealed class SimulatedPowerLossException : Exception
{
    public SimulatedPowerLossException()
        : base("simulated power loss")
    {
    }

    public SimulatedPowerLossException(string message)
        : base(message)
    {
    }

    public SimulatedPowerLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
