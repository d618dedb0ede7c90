using OrleansSync.Runtime.Membership;

namespace OrleansSync.Runtime.Tests.Membership;

public sealed class PhiAccrualFailureDetectorTests
{
    private const double Threshold = 8.0;

    [Fact]
    public void Phi_BeforeFirstHeartbeat_IsZero()
    {
        var detector = NewDetector();

        Assert.Equal(0, detector.Phi(123_456));
        Assert.Null(detector.LastHeartbeatMs);
    }

    [Fact]
    public void Phi_RegularHeartbeats_StaysBelowThresholdUntilHeartbeatsStop()
    {
        var detector = NewDetector();
        for (var t = 0L; t <= 20_000; t += 1_000)
        {
            detector.Heartbeat(t);
            Assert.True(detector.Phi(t + 999) < Threshold, $"phi {detector.Phi(t + 999)} at a normal gap after {t}");
        }

        Assert.True(detector.Phi(20_000 + 10_000) > Threshold);
    }

    [Fact]
    public void Phi_GrowsMonotonicallyWithSilence()
    {
        var detector = NewDetector();
        for (var t = 0L; t <= 10_000; t += 1_000)
        {
            detector.Heartbeat(t);
        }

        var previous = -1.0;
        for (var silenceMs = 0L; silenceMs <= 15_000; silenceMs += 250)
        {
            var phi = detector.Phi(10_000 + silenceMs);
            Assert.True(phi >= previous, $"phi fell from {previous} to {phi} at silence {silenceMs} ms");
            previous = phi;
        }
    }

    [Fact]
    public void Phi_CrossesThresholdLaterWhenIntervalsVaryMore()
    {
        var regular = NewDetector();
        var jittery = NewDetector();
        long jitteryTime = 0;
        for (var i = 0; i <= 40; i++)
        {
            regular.Heartbeat(i * 1_000L);
            jitteryTime += i % 2 == 0 ? 200 : 1_800;
            jittery.Heartbeat(jitteryTime);
        }

        Assert.True(FirstSuspicionMs(regular, 40_000) < FirstSuspicionMs(jittery, jitteryTime));
    }

    [Fact]
    public void Heartbeat_OlderThanLast_IsIgnored()
    {
        var detector = NewDetector();
        detector.Heartbeat(5_000);

        detector.Heartbeat(4_000);

        Assert.Equal(5_000, detector.LastHeartbeatMs);
    }

    [Fact]
    public void Phi_AfterMoreSamplesThanWindow_ForgetsOldIntervals()
    {
        var detector = new PhiAccrualFailureDetector(maxSampleSize: 10, minStdDeviationMs: 50, acceptableHeartbeatPauseMs: 0, firstHeartbeatEstimateMs: 10_000);
        for (var t = 0L; t <= 100 * 100; t += 100)
        {
            detector.Heartbeat(t);
        }

        // With the 10 s bootstrap samples evicted, a 2 s silence after 100 ms intervals is suspicious.
        Assert.True(detector.Phi(10_000 + 2_000) > Threshold);
    }

    private static PhiAccrualFailureDetector NewDetector() =>
        new(maxSampleSize: 100, minStdDeviationMs: 100, acceptableHeartbeatPauseMs: 0, firstHeartbeatEstimateMs: 1_000);

    private static long FirstSuspicionMs(PhiAccrualFailureDetector detector, long lastHeartbeatMs)
    {
        for (var silenceMs = 0L; silenceMs < 60_000; silenceMs += 10)
        {
            if (detector.Phi(lastHeartbeatMs + silenceMs) > Threshold)
            {
                return silenceMs;
            }
        }

        throw new Xunit.Sdk.XunitException("phi never crossed the threshold within 60 s of silence");
    }
}
