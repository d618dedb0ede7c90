using OrleansSync.Grains.Cache;

namespace OrleansSync.Grains.Tests.Cache;

public sealed class CacheLeaseMathTests
{
    [Fact]
    public void TheDefaults_TolerateOnePercentDriftWith150MsLeaderOffset()
    {
        var rho = CacheLeaseMath.MaxTolerableRateDrift(CacheDirectoryOptions.DefaultLeaseMs, NearCacheOptions.DefaultDriftAllowanceMs, 150);

        Assert.InRange(rho, 0.0100, 0.0110);
        Assert.InRange(CacheLeaseMath.MaxTolerableRateDrift(5_000, 250, 0), 0.025, 0.026);
        Assert.Equal(0, CacheLeaseMath.MaxTolerableRateDrift(5_000, 250, 300));
    }

    [Fact]
    public void RequiredAllowance_AndMaxDrift_AreInverses()
    {
        foreach (var (lease, rho, offset) in new[] { (5_000L, 0.01, 150L), (1_000L, 0.05, 0L), (30_000L, 0.001, 20L) })
        {
            var allowance = CacheLeaseMath.RequiredDriftAllowanceMs(lease, rho, offset);
            Assert.InRange(CacheLeaseMath.MaxTolerableRateDrift(lease, allowance, offset), rho, rho + 0.001);
            Assert.True(allowance <= offset + (2 * rho * lease) + 1);
        }
    }

    /// <summary>
    /// The derivation, checked at its extremes: the silo clock as slow as allowed and the leader
    /// clock as fast as allowed (so committed time runs ahead), with the offset jump at the grant.
    /// </summary>
    [Theory]
    [InlineData(5_000, 0.01, 150)]
    [InlineData(1_000, 0.05, 0)]
    [InlineData(2_000, 0.2, 100)]
    public void ACopyStopsBeingReadBeforeTheDirectoryFreesIt_AtTheWorstDrift(long lease, double rho, long offset)
    {
        var allowance = CacheLeaseMath.RequiredDriftAllowanceMs(lease, rho, offset);
        const double sentRealMs = 1_000;

        // The silo clock runs at 1-ρ: it reaches sent + L - D at this real time.
        var siloStopsRealMs = sentRealMs + ((lease - allowance) / (1 - rho));

        // The leader stamps the grant at once; committed time then runs at 1+ρ and jumps by ε once.
        var directoryFreesRealMs = sentRealMs + ((lease - offset) / (1 + rho));

        Assert.True(siloStopsRealMs <= directoryFreesRealMs + 1e-6, $"silo reads until {siloStopsRealMs}, directory frees at {directoryFreesRealMs}");
        Assert.True(CacheLeaseMath.RequiredDriftAllowanceMs(lease, rho * 1.5, offset) > allowance);
    }
}
