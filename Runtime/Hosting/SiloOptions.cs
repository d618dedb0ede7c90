namespace OrleansSync.Runtime.Hosting;

/// <summary>Options of a silo's grain runtime (activation, calls, placement).</summary>
public sealed class SiloOptions
{
    public const string DefaultClusterId = "orleanssync";
    public const int DefaultMailboxCapacity = 1024;
    public const int DefaultResponseTimeoutMs = 30_000;
    public const int DefaultCollectionAgeMs = 15 * 60 * 1000;
    public const int DefaultCollectionQuantumMs = 60_000;
    public const int DefaultDeactivationTimeoutMs = 10_000;
    public const int DefaultActivationTimeoutMs = 30_000;
    public const int DefaultMaxForwardCount = 2;
    public const int DefaultMaxCallRetries = 4;
    public const int DefaultRetryDelayMs = 200;
    public const int DefaultVirtualNodesPerSilo = 64;

    /// <summary>Name of this silo; also its endpoint on the in-process network. Required.</summary>
    public string SiloName { get; set; } = "silo";

    /// <summary>Cluster this silo belongs to.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Requests that may wait in one activation's mailbox; more are rejected with <see cref="GrainOverloadedException"/>.</summary>
    public int MailboxCapacity { get; set; } = DefaultMailboxCapacity;

    /// <summary>How long a caller waits for a grain call's response.</summary>
    public int ResponseTimeoutMs { get; set; } = DefaultResponseTimeoutMs;

    /// <summary>An activation idle for this long is deactivated.</summary>
    public int CollectionAgeMs { get; set; } = DefaultCollectionAgeMs;

    /// <summary>How often idle activations are looked for.</summary>
    public int CollectionQuantumMs { get; set; } = DefaultCollectionQuantumMs;

    /// <summary>Bound on <c>OnDeactivateAsync</c> and on waiting for a deactivation to finish.</summary>
    public int DeactivationTimeoutMs { get; set; } = DefaultDeactivationTimeoutMs;

    /// <summary>Bound on reading state and running <c>OnActivateAsync</c>.</summary>
    public int ActivationTimeoutMs { get; set; } = DefaultActivationTimeoutMs;

    /// <summary>How many times silos may forward one call whose views disagree.</summary>
    public int MaxForwardCount { get; set; } = DefaultMaxForwardCount;

    /// <summary>How many times a call that raced a view change or hit an unreachable silo is routed again.</summary>
    public int MaxCallRetries { get; set; } = DefaultMaxCallRetries;

    /// <summary>Longest wait for a newer membership view before a retry.</summary>
    public int RetryDelayMs { get; set; } = DefaultRetryDelayMs;

    /// <summary>Points per silo on the consistent-hash ring.</summary>
    public int VirtualNodesPerSilo { get; set; } = DefaultVirtualNodesPerSilo;
}
