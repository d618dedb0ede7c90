namespace OrleansSync.Silo.Hosting;

/// <summary>The Orleans stream provider every silo configures (the cache's invalidations ride on it).</summary>
internal static class StreamNames
{
    public const string Provider = "orleanssync";
}
