namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>The shape of one cache run, drawn from its seed.</summary>
internal sealed record CacheSimulationParameters
{
    public const long TickMs = 10;

    public int Silos { get; init; }

    public int ClientsPerSilo { get; init; }

    public int Keys { get; init; }

    public int SafetyTicks { get; init; }

    public long LeaseMs { get; init; }

    /// <summary>Clock rate drift bound ρ: every silo and leader clock runs at a rate in [1-ρ, 1+ρ].</summary>
    public double RateDrift { get; init; }

    /// <summary>Bound ε on how far a new leader's clock may be ahead of the committed time at a leader change.</summary>
    public long LeaderOffsetMs { get; init; }

    public long DriftAllowanceMs { get; init; }

    public double LossRate { get; init; }

    public int MaxDelayTicks { get; init; }

    public double CrashRatePerTick { get; init; }

    public int MaxEntries { get; init; }

    public static CacheSimulationParameters Draw(Random random, CacheFault fault)
    {
        var leaseMs = random.Next(5, 21) * 100L;
        var rateDrift = fault == CacheFault.IgnoreDriftAllowance ? 0.04 + (random.NextDouble() * 0.01) : random.NextDouble() * 0.05;
        var leaderOffsetMs = random.Next(0, 60);
        return new CacheSimulationParameters
        {
            Silos = random.Next(2, 5),
            ClientsPerSilo = random.Next(1, 3),
            Keys = random.Next(1, 4),
            SafetyTicks = random.Next(800, 1600),
            LeaseMs = leaseMs,
            RateDrift = rateDrift,
            LeaderOffsetMs = leaderOffsetMs,
            DriftAllowanceMs = fault == CacheFault.IgnoreDriftAllowance
                ? 1
                : Grains.Cache.CacheLeaseMath.RequiredDriftAllowanceMs(leaseMs, rateDrift, leaderOffsetMs),
            LossRate = random.NextDouble() * 0.15,
            MaxDelayTicks = random.Next(1, 8),
            CrashRatePerTick = random.NextDouble() * 0.004,
            MaxEntries = random.Next(1, 4),
        };
    }

    public override string ToString() =>
        $"silos={Silos} clients/silo={ClientsPerSilo} keys={Keys} ticks={SafetyTicks} lease={LeaseMs}ms rho={RateDrift:F3} eps={LeaderOffsetMs}ms "
        + $"drift-allowance={DriftAllowanceMs}ms loss={LossRate:F2} delay<={MaxDelayTicks} crash/tick={CrashRatePerTick:F4} max-entries={MaxEntries}";
}
