namespace OrleansSync.Browser.Tests;

/// <summary>The browser test classes that share one <see cref="SharedClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "Browser: shared cluster";
}
