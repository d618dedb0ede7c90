namespace OrleansSync.Runtime;

/// <summary>No silo (or gateway) is available to route a call to.</summary>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException(string message)
        : base(message)
    {
    }
}
