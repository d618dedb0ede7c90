using OrleansSync.Client.Cli;
using OrleansSync.Client.Tests.Cluster;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>The lock commands end to end in this process: command line → handlers → lock client → a InProcessTestCluster.</summary>
public sealed class LockCommandTests(LockClusterFixture fixture) : IClassFixture<LockClusterFixture>
{
    private readonly TestClusterConnector _connector = new(fixture.GrainFactory);

    [Fact]
    public async Task AcquireTryReleaseShow_FollowTheLockFromTheCommandLine()
    {
        var name = Unique("demo");
        var acquired = await Run("--json", "lock", "acquire", name, "--ttl", "30s");
        Assert.True(acquired.ExitCode == ExitCodes.Success, $"acquire exited {acquired.ExitCode}: {acquired.Stdout} {acquired.Stderr}");
        var grant = acquired.Json();
        var leaseId = grant.GetProperty("leaseId").GetUInt64();
        var busy = await Run("--json", "lock", "try", name);
        var shown = await Run("--json", "lock", "show", name);
        var released = await Run("--json", "lock", "release", name, "--lease", leaseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var again = await Run("--json", "lock", "try", name, "--mode", "shared");

        Assert.Equal(ExitCodes.Success, acquired.ExitCode);
        Assert.Equal(name, grant.GetProperty("name").GetString());
        Assert.Equal("exclusive", grant.GetProperty("mode").GetString());
        Assert.True(grant.GetProperty("fencingToken").GetUInt64() > 0);
        Assert.True(grant.GetProperty("leaseExpiresAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.Equal(ExitCodes.NotGranted, busy.ExitCode);
        Assert.Equal(ErrorCodes.NotGranted, busy.ErrorCode());
        var holder = Assert.Single(shown.Json().GetProperty("holders").EnumerateArray());
        Assert.Equal(leaseId, holder.GetProperty("leaseId").GetUInt64());
        Assert.Equal(ExitCodes.Success, released.ExitCode);
        Assert.True(released.Json().GetProperty("released").GetBoolean());
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Equal("shared", again.Json().GetProperty("mode").GetString());
        Assert.True(again.Json().GetProperty("fencingToken").GetUInt64() > grant.GetProperty("fencingToken").GetUInt64());
    }

    [Fact]
    public async Task Try_OnAFreeLock_IsGranted_EvenWhenTheGroupAnswersSlowly()
    {
        // Registering a session, opening the lease, acquiring and renewing take four proposals:
        // together far longer than the half second a client-side deadline once allowed 'lock try',
        // which then reported a free lock as held by someone else (exit 3).
        var slow = new TestClusterConnector(fixture.GrainFactory, new SlowProposalsPeerResolver(fixture.GrainFactory, TimeSpan.FromMilliseconds(300)));
        var name = Unique("slow");

        var tried = await ClientRun.RunAsync(slow, "--json", "lock", "try", name);
        var acquired = await ClientRun.RunAsync(slow, "--json", "lock", "acquire", UniqueInGroupOf(name), "--wait", "100ms");

        Assert.True(tried.ExitCode == ExitCodes.Success, tried.ToString());
        Assert.True(acquired.ExitCode == ExitCodes.Success, acquired.ToString());
    }

    [Fact]
    public async Task Acquire_WhenHeldPastTheWait_ExitsNotGranted()
    {
        var name = Unique("held");
        var first = await Run("--json", "lock", "acquire", name);

        var second = await Run("lock", "acquire", name, "--wait", "200ms");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.NotGranted, second.ExitCode);
        Assert.Contains("not granted within 200ms", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, second.Stdout);
    }

    [Fact]
    public async Task Release_WithAnotherLeasesId_FailsWithNotHolder_AndKeepAliveRenewsTheRightOne()
    {
        var name = Unique("owned");
        var mine = (await Run("--json", "lock", "acquire", name)).Json().GetProperty("leaseId").GetUInt64();
        // Lease ids are per group: the other lease must live in the same group to be a different lease there.
        var other = (await Run("--json", "lock", "acquire", UniqueInGroupOf(name))).Json().GetProperty("leaseId").GetUInt64();

        var wrong = await Run("--json", "lock", "release", name, "--lease", Text(other));
        var renewed = await Run("--json", "lock", "keepalive", name, "--lease", Text(mine));
        var human = await Run("lock", "release", name, "--lease", Text(other));

        Assert.Equal(ExitCodes.Failed, wrong.ExitCode);
        Assert.Equal("not_holder", wrong.ErrorCode());
        Assert.Equal(ExitCodes.Success, renewed.ExitCode);
        Assert.Equal(mine, renewed.Json().GetProperty("leaseId").GetUInt64());
        Assert.StartsWith("error: Lease ", human.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not hold", human.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_HumanOutput_PrintsLeaseTokenAndHowToRelease()
    {
        var name = Unique("human");

        var run = await Run("lock", "acquire", name);
        var shown = await Run("lock", "show", name);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Acquired", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("fencing token", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"lock release {name} --lease", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("is held", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("holders", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_OfANeverUsedLock_SaysFree()
    {
        var run = await Run("--json", "lock", "show", Unique("never"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(run.Json().GetProperty("free").GetBoolean());
        Assert.Empty(run.Json().GetProperty("holders").EnumerateArray());
    }

    [Fact]
    public async Task Run_PassesLockAndTokenToTheCommand_ReturnsItsExitCode_AndReleases()
    {
        var name = Unique("run");

        var run = await Run("--json", "lock", "run", name, "--", "sh", "-c", $"test \"$ORLEANSSYNC_LOCK\" = '{name}' && test \"$ORLEANSSYNC_FENCING_TOKEN\" -gt 0 && exit 7");
        var after = await Run("--json", "lock", "show", name);

        Assert.Equal(7, run.ExitCode);
        Assert.Equal(7, run.Json().GetProperty("exitCode").GetInt32());
        Assert.True(run.Json().GetProperty("fencingToken").GetUInt64() > 0);
        Assert.Empty(after.Json().GetProperty("holders").EnumerateArray());
    }

    [Fact]
    public async Task Run_WithAMissingProgram_Exits127_AndReleases()
    {
        var name = Unique("missing");

        var run = await Run("--json", "lock", "run", name, "--", "/nonexistent/orleanssync-no-such-program");
        var after = await Run("--json", "lock", "try", name);

        Assert.Equal(ExitCodes.CommandNotStarted, run.ExitCode);
        Assert.Equal(ErrorCodes.CommandNotStarted, run.ErrorCode());
        Assert.Equal(ExitCodes.Success, after.ExitCode);
    }

    [Fact]
    public async Task Run_WhenTheLockIsHeld_ExitsNotGrantedWithoutRunningTheCommand()
    {
        var name = Unique("run-held");
        var marker = Path.Combine(Path.GetTempPath(), "orleanssync-run-" + Guid.NewGuid().ToString("N"));
        await Run("--json", "lock", "acquire", name);

        var run = await Run("--json", "lock", "run", name, "--wait", "100ms", "--", "touch", marker);

        Assert.Equal(ExitCodes.NotGranted, run.ExitCode);
        Assert.Equal(ErrorCodes.NotGranted, run.ErrorCode());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Run_WhenItsLeaseIsTakenAway_KillsTheCommandAndExitsLockLost()
    {
        var name = Unique("lost");
        var running = Run("--json", "lock", "run", name, "--ttl", "1s", "--", "sleep", "60");
        var leaseId = await WaitForHolderAsync(name);

        // Releasing by lease id closes the lease: the run's next keep-alive finds it gone.
        var released = await Run("--json", "lock", "release", name, "--lease", Text(leaseId));
        var run = await running.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Success, released.ExitCode);
        Assert.True(run.ExitCode == ExitCodes.LockLost, run.ToString());
        Assert.Equal(ErrorCodes.LockLost, run.ErrorCode());
    }

    private async Task<ulong> WaitForHolderAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var holders = (await Run("--json", "lock", "show", name)).Json().GetProperty("holders");
            if (holders.GetArrayLength() == 1)
            {
                return holders[0].GetProperty("leaseId").GetUInt64();
            }

            Assert.False(timeout.IsCancellationRequested, $"'{name}' got no holder within 15 s.");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string UniqueInGroupOf(string name)
    {
        var map = new LockGroupMap(LockClusterFixture.GroupCount);
        return Enumerable.Range(0, 1_000).Select(_ => Unique("other")).First(other => map.GroupOf(other) == map.GroupOf(name));
    }

    private static string Text(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<ClientRun> Run(params string[] args) => ClientRun.RunAsync(_connector, args);
}
