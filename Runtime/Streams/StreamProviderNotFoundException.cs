namespace OrleansSync.Runtime.Streams;

/// <summary><c>GetStreamProvider(name)</c> was asked for a name no provider is registered under.</summary>
public sealed class StreamProviderNotFoundException : InvalidOperationException
{
    public StreamProviderNotFoundException(string providerName, IEnumerable<string> registeredNames)
        : base($"No stream provider named '{providerName}'. Registered: {string.Join(", ", registeredNames.Select(n => $"'{n}'"))}. " +
            "Register one on the silo and the client with AddClusterStreams(name) or AddRedisStreams(name, ...).")
    {
        ProviderName = providerName;
    }

    /// <summary>The name that was looked up.</summary>
    public string ProviderName { get; }
}
