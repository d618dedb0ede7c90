namespace OrleansSync.Silo.Tests;

/// <summary>The test classes that share one <see cref="EmbeddedClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedClusterCollection : ICollectionFixture<EmbeddedClusterFixture>
{
    public const string Name = "Embedded cluster";
}
