using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Tests.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>
/// Membership agents over one in-memory table, a fake network and a manual clock. Each step
/// advances the clock by one probe interval and runs one round of every running agent, in order,
/// so every run is the same.
/// </summary>
public sealed class MembershipAgentTests : IAsyncLifetime
{
    private const int MaxRounds = 40;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryMembershipTable _table = new();
    private readonly FakeSiloNetwork _network = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<MembershipAgent> _running = [];
    private readonly List<MembershipAgent> _all = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var agent in _all)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Join_ThreeSilos_AllActiveInEveryView()
    {
        var agents = await StartSilosAsync(3);
        await StepAsync();

        foreach (var agent in agents)
        {
            Assert.Equal(agents.Select(a => a.Silo), agent.Current.ActiveSilos);
            Assert.Equal((await _table.ReadAllAsync(default)).Version, agent.Current.Version);
        }
    }

    [Fact]
    public async Task KilledSilo_IsDeclaredDeadByVotesOfTheOthers()
    {
        var agents = await StartSilosAsync(3);
        var victim = agents[2];
        await StepsAsync(5);

        Kill(victim);
        await StepUntilAsync(async () => await StatusOfAsync(victim.Silo) == SiloStatus.Dead, "the killed silo is declared dead");
        await StepAsync();

        var row = (await _table.ReadAllAsync(default)).Find(victim.Silo)!;
        Assert.Equal(2, row.Entry.Suspicions.Count);
        Assert.Equal([agents[0].Silo, agents[1].Silo], row.Entry.Suspicions.Select(vote => vote.Voter).Order(SiloOrder.Instance));
        Assert.Equal([agents[0].Silo, agents[1].Silo], agents[0].Current.ActiveSilos);
        Assert.Equal(agents[0].Current.Version, agents[1].Current.Version);
        Assert.Equal(agents[0].Current.ActiveSilos, agents[1].Current.ActiveSilos);
        await _logs.WaitForLineAsync("declares", victim.Silo.ToString(), "2/2 votes");
    }

    [Fact]
    public async Task HealthySilos_AreNeverSuspected()
    {
        await StartSilosAsync(4);

        await StepsAsync(MaxRounds);

        var snapshot = await _table.ReadAllAsync(default);
        Assert.All(snapshot.Rows, row => Assert.Equal(SiloStatus.Active, row.Entry.Status));
        Assert.All(snapshot.Rows, row => Assert.Empty(row.Entry.Suspicions));
        Assert.DoesNotContain(_logs.Lines, line => line.Contains("suspects", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartedSilo_JoinsUnderNewGeneration_AndOldGenerationStaysDead()
    {
        var agents = await StartSilosAsync(3);
        var victim = agents[2];
        Kill(victim);
        await StepUntilAsync(async () => await StatusOfAsync(victim.Silo) == SiloStatus.Dead, "the killed silo is declared dead");

        var restarted = await StartSiloAsync(new SiloAddress(victim.Silo.Endpoint, victim.Silo.Generation + 1));
        await StepsAsync(10);

        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(victim.Silo));
        Assert.Equal(SiloStatus.Active, await StatusOfAsync(restarted.Silo));
        Assert.Contains(restarted.Silo, agents[0].Current.ActiveSilos);
        Assert.DoesNotContain(victim.Silo, agents[0].Current.ActiveSilos);
    }

    [Fact]
    public async Task Join_SameOrOlderGenerationThanTable_IsRefused()
    {
        var agents = await StartSilosAsync(2);
        var stale = NewAgent(agents[1].Silo);
        var older = NewAgent(new SiloAddress(agents[1].Silo.Endpoint, agents[1].Silo.Generation - 1));

        await Assert.ThrowsAsync<MembershipException>(() => stale.JoinAsync(default));
        var error = await Assert.ThrowsAsync<MembershipException>(() => older.JoinAsync(default));
        Assert.Contains("higher generation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartBeforeDeathWasDetected_NewGenerationSupersedesTheOldOne()
    {
        var agents = await StartSilosAsync(3);
        Kill(agents[2]);

        var restarted = await StartSiloAsync(new SiloAddress(agents[2].Silo.Endpoint, agents[2].Silo.Generation + 1));

        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(agents[2].Silo));
        Assert.Equal(SiloStatus.Active, await StatusOfAsync(restarted.Silo));
        await _logs.WaitForLineAsync("marked its previous incarnation", agents[2].Silo.ToString());
    }

    [Fact]
    public async Task PartitionedSilo_IsDeclaredDeadByTheMajoritySide_AndLearnsIt()
    {
        var agents = await StartSilosAsync(3);
        var isolated = agents[0];
        await StepsAsync(5);

        _network.Partition([isolated.Silo], [agents[1].Silo, agents[2].Silo]);
        await StepUntilAsync(() => Task.FromResult(isolated.LocalSiloDeclaredDead.IsCompleted), "the isolated silo learns it was declared dead");

        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(isolated.Silo));
        Assert.Equal(SiloStatus.Active, await StatusOfAsync(agents[1].Silo));
        Assert.Equal(SiloStatus.Active, await StatusOfAsync(agents[2].Silo));
        Assert.Equal([agents[1].Silo, agents[2].Silo], agents[1].Current.ActiveSilos);
        await _logs.WaitForLineAsync("was declared dead by the cluster");
    }

    [Fact]
    public async Task TwoSilos_OneDies_TheSurvivorAloneIsAMajority()
    {
        var agents = await StartSilosAsync(2);
        Kill(agents[1]);

        await StepUntilAsync(async () => await StatusOfAsync(agents[1].Silo) == SiloStatus.Dead, "the dead silo of two is declared dead");

        Assert.Equal([agents[0].Silo], agents[0].Current.ActiveSilos);
        await _logs.WaitForLineAsync("declares", "1/1 votes");
    }

    [Fact]
    public async Task SingleVote_OfFiveSilos_DoesNotKill()
    {
        var agents = await StartSilosAsync(5);

        // Only agents[0] loses sight of agents[1]: one vote of the two needed.
        _network.Partition([agents[0].Silo], [agents[1].Silo]);
        await StepsAsync(MaxRounds);

        var row = (await _table.ReadAllAsync(default)).Find(agents[1].Silo)!;
        Assert.Equal(SiloStatus.Active, row.Entry.Status);
        Assert.Equal([agents[0].Silo], row.Entry.Suspicions.Select(vote => vote.Voter));
    }

    [Fact]
    public async Task SiloThatCrashedWhileJoining_IsDeclaredDeadOnceItsHeartbeatIsStale()
    {
        var agents = await StartSilosAsync(2);
        var crashed = Address(7);
        var version = (await _table.ReadAllAsync(default)).Version;
        Assert.True(await _table.InsertRowAsync(MembershipEntry.Joining(crashed, _time.GetUtcNow(), null), version, default));

        await StepAsync();
        Assert.Equal(SiloStatus.Joining, await StatusOfAsync(crashed));
        _time.Advance(TimeSpan.FromMilliseconds(Options().DeathVoteExpirationMs));
        await StepAsync();

        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(crashed));
        Assert.Equal(SiloStatus.Active, await StatusOfAsync(agents[0].Silo));
        await _logs.WaitForLineAsync("declares", crashed.ToString(), "stayed Joining");
    }

    [Fact]
    public async Task Leave_WritesDeadAndOthersDropTheSilo()
    {
        var agents = await StartSilosAsync(3);

        await agents[1].LeaveAsync(default);
        _running.Remove(agents[1]);
        await StepAsync();

        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(agents[1].Silo));
        Assert.Equal([agents[0].Silo, agents[2].Silo], agents[0].Current.ActiveSilos);
        Assert.False(agents[1].LocalSiloDeclaredDead.IsCompleted);
    }

    [Fact]
    public async Task WaitForNewerView_CompletesWhenMembershipChanges()
    {
        var agents = await StartSilosAsync(2);
        await StepAsync();
        var known = agents[0].Current.Version;
        var waiting = agents[0].WaitForNewerViewAsync(known, default);
        Assert.False(waiting.IsCompleted);

        await StartSiloAsync(Address(9));
        await StepAsync();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, agents[0].Current.ActiveSilos.Count);
    }

    [Fact]
    public async Task Heartbeats_AreWrittenEveryIAmAliveInterval()
    {
        var agents = await StartSilosAsync(1);
        var joinedAt = _time.GetUtcNow();

        await StepsAsync(Options().IAmAliveIntervalMs / Options().ProbeIntervalMs);

        var row = (await _table.ReadAllAsync(default)).Find(agents[0].Silo)!;
        Assert.Equal(joinedAt + TimeSpan.FromMilliseconds(Options().IAmAliveIntervalMs), row.Entry.IAmAliveTime);
    }

    [Fact]
    public async Task BackgroundRounds_DriveDeathDeclarationWithTheManualClock()
    {
        var agents = await StartSilosAsync(2);
        await StepAsync();
        foreach (var agent in agents)
        {
            agent.Start();
        }

        Kill(agents[1]);
        await agents[1].DisposeAsync();
        var deathSeen = WaitForViewAsync(agents[0], view => !view.ActiveSilos.Contains(agents[1].Silo));
        for (var i = 0; i < MaxRounds && !deathSeen.IsCompleted; i++)
        {
            // Advance only once the surviving agent's loop waits on its next-round timer.
            await _time.WaitForTimersAsync(1).WaitAsync(TimeSpan.FromSeconds(10));
            _time.Advance(TimeSpan.FromMilliseconds(Options().ProbeIntervalMs));
        }

        await deathSeen.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SiloStatus.Dead, await StatusOfAsync(agents[1].Silo));
    }

    private static async Task WaitForViewAsync(MembershipAgent agent, Func<MembershipView, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var view in agent.WatchViewsAsync(timeout.Token))
        {
            if (condition(view))
            {
                return;
            }
        }
    }

    private static MembershipOptions Options() => new()
    {
        ProbeIntervalMs = 1_000,
        ProbeTimeoutMs = 1_000,
        IAmAliveIntervalMs = 5_000,
        NumProbedSilos = 3,
        NumVotesForDeathDeclaration = 2,
    };

    private static SiloAddress Address(int index) => new($"127.0.0.1:{20_000 + index}", 100 + index);

    private async Task<List<MembershipAgent>> StartSilosAsync(int count)
    {
        var agents = new List<MembershipAgent>();
        for (var i = 0; i < count; i++)
        {
            agents.Add(await StartSiloAsync(Address(i)));
        }

        return agents;
    }

    private async Task<MembershipAgent> StartSiloAsync(SiloAddress silo)
    {
        var agent = NewAgent(silo);
        _network.Start(silo);
        await agent.JoinAsync(default);
        _running.Add(agent);
        return agent;
    }

    private MembershipAgent NewAgent(SiloAddress silo)
    {
        var agent = new MembershipAgent(silo, silo.Endpoint, _table, _network.ProberFor(silo), Options(), _time, _logs.CreateLogger<MembershipAgent>());
        _all.Add(agent);
        return agent;
    }

    private void Kill(MembershipAgent agent)
    {
        _network.Kill(agent.Silo);
        _running.Remove(agent);
    }

    private async Task<SiloStatus?> StatusOfAsync(SiloAddress silo) =>
        (await _table.ReadAllAsync(default)).Find(silo)?.Entry.Status;

    private async Task StepAsync()
    {
        _time.Advance(TimeSpan.FromMilliseconds(Options().ProbeIntervalMs));
        foreach (var agent in _running.ToList())
        {
            await agent.RunRoundAsync(default);
        }
    }

    private async Task StepsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await StepAsync();
        }
    }

    private async Task StepUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            if (await condition())
            {
                return;
            }

            await StepAsync();
        }

        var rows = (await _table.ReadAllAsync(default)).Rows.Select(row => $"{row.Entry.Silo} {row.Entry.Status} votes={row.Entry.Suspicions.Count}");
        Assert.Fail($"Expected '{what}' within {MaxRounds} rounds; table: {string.Join("; ", rows)}");
    }

    private sealed class SiloOrder : IComparer<SiloAddress>
    {
        public static SiloOrder Instance { get; } = new();

        public int Compare(SiloAddress? x, SiloAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
