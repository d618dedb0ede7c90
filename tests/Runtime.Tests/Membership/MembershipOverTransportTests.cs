using System.Net;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Tests.Messaging;

namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>
/// Membership agents probing each other with ping frames over real loopback transports; the
/// agents' clock is manual and rounds are stepped in order, so only the sockets are real.
/// </summary>
public sealed class MembershipOverTransportTests : IAsyncLifetime
{
    private const int MaxRounds = 40;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryMembershipTable _table = new();
    private readonly NetworkPartitionFilter _partitions = new();
    private readonly TransportFixture _transports = new();
    private readonly List<(MessageTransport Transport, MembershipAgent Agent)> _silos = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (_, agent) in _silos)
        {
            await agent.DisposeAsync();
        }

        await _transports.DisposeAsync();
    }

    [Fact]
    public async Task KilledSilo_StopsAnsweringPings_AndIsDeclaredDead()
    {
        await StartSilosAsync(3);
        await StepsAsync(3);
        var (victimTransport, victim) = _silos[2];

        await victimTransport.DisposeAsync();
        _silos.RemoveAt(2);
        await StepUntilAsync(() => !_silos[0].Agent.Current.ActiveSilos.Contains(victim.Silo), "the survivors drop the killed silo");

        var row = (await _table.ReadAllAsync(default)).Find(victim.Silo)!;
        Assert.Equal(SiloStatus.Dead, row.Entry.Status);
        Assert.Equal(2, row.Entry.Suspicions.Count);
    }

    [Fact]
    public async Task PartitionedSilo_IsDeclaredDeadByTheMajoritySide()
    {
        await StartSilosAsync(3);
        await StepsAsync(3);
        var isolated = _silos[0].Agent;

        _partitions.Partition([isolated.Silo.Endpoint], [_silos[1].Agent.Silo.Endpoint, _silos[2].Agent.Silo.Endpoint]);
        await StepUntilAsync(() => isolated.LocalSiloDeclaredDead.IsCompleted, "the isolated silo learns it was declared dead");

        var snapshot = await _table.ReadAllAsync(default);
        Assert.Equal(SiloStatus.Dead, snapshot.Find(isolated.Silo)!.Entry.Status);
        var active = snapshot.ActiveEntries().Select(entry => entry.Silo).ToHashSet();
        Assert.True(active.SetEquals([_silos[1].Agent.Silo, _silos[2].Agent.Silo]), $"active: {string.Join(", ", active)}");
    }

    private async Task StartSilosAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var options = TransportFixture.Options();
            var transport = _transports.Create(options: options, filter: _partitions);
            var silo = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), generation: 1 + i);
            var agent = new MembershipAgent(
                silo,
                silo.Endpoint,
                _table,
                new TransportSiloProber(transport),
                new MembershipOptions { ProbeTimeoutMs = 5_000 },
                _time,
                _transports.Logs.CreateLogger<MembershipAgent>());
            await agent.JoinAsync(default);
            _silos.Add((transport, agent));
        }
    }

    private async Task StepsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(MembershipOptions.DefaultProbeIntervalMs));
            foreach (var (_, agent) in _silos)
            {
                await agent.RunRoundAsync(default);
            }
        }
    }

    private async Task StepUntilAsync(Func<bool> condition, string what)
    {
        for (var round = 0; round < MaxRounds && !condition(); round++)
        {
            await StepsAsync(1);
        }

        Assert.True(condition(), $"Expected '{what}' within {MaxRounds} rounds.");
    }
}
