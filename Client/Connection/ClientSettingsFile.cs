namespace OrleansSync.Client.Connection;

/// <summary>The JSON shape of <c>--config FILE</c>; every member is optional.</summary>
internal sealed class ClientSettingsFile
{
    public List<string>? Gateways { get; set; }

    public string? Redis { get; set; }

    public string? ClusterId { get; set; }

    public string? SharedSecret { get; set; }

    /// <summary>A duration such as "10s".</summary>
    public string? ConnectTimeout { get; set; }
}
