using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Hosting;

namespace OrleansSync.Runtime.Testing;

/// <summary>Builds a <see cref="TestCluster"/>: <c>new TestClusterBuilder(3).ConfigureSilo(...).Build()</c>.</summary>
public sealed class TestClusterBuilder
{
    private readonly TestClusterOptions _options = new();
    private readonly List<Action<ISiloBuilder>> _siloConfigurations = [];
    private readonly List<Action<IClientBuilder>> _clientConfigurations = [];

    public TestClusterBuilder(int initialSilosCount = TestClusterOptions.DefaultInitialSilosCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSilosCount, 1);
        _options.InitialSilosCount = initialSilosCount;
    }

    public TestClusterBuilder Configure(Action<TestClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    /// <summary>Applied to every silo, including ones started or restarted later.</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _siloConfigurations.Add(configure);
        return this;
    }

    /// <summary>Applied to the cluster's client after its default clustering (so it may replace it).</summary>
    public TestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _clientConfigurations.Add(configure);
        return this;
    }

    public TestCluster Build() => new(_options, [.. _siloConfigurations], [.. _clientConfigurations]);
}
