using OrleansSync.Simulation.Network;
using Xunit;

namespace OrleansSync.Simulation.Tests;

public sealed class SimulatedNetworkTests
{
    [Fact]
    public void TakeDue_PerfectNetwork_DeliversEachMessageOnceAfterOneTick()
    {
        var network = new SimulatedNetwork<string>(new Random(1), NetworkFaultOptions.Perfect);
        network.Send(1, 2, "a", nowTick: 0);
        network.Send(2, 1, "b", nowTick: 0);

        Assert.Empty(network.TakeDue(0));
        Assert.Equal(["a", "b"], network.TakeDue(1).Select(e => e.Message));
        Assert.Equal(0, network.InFlightCount);
    }

    [Fact]
    public void Split_BlocksBothWays_HealAllRestores()
    {
        var network = new SimulatedNetwork<string>(new Random(1), NetworkFaultOptions.Perfect);
        network.Split([1UL], [2UL, 3UL]);
        network.Send(1, 2, "lost", 0);
        network.Send(3, 1, "lost", 0);
        network.Send(2, 3, "kept", 0);
        network.HealAll();
        network.Send(1, 2, "after-heal", 0);

        Assert.Equal(["kept", "after-heal"], network.TakeDue(1).Select(e => e.Message));
    }

    [Fact]
    public void BlockOneWay_LeavesTheOtherDirectionOpen()
    {
        var network = new SimulatedNetwork<string>(new Random(1), NetworkFaultOptions.Perfect);
        network.BlockOneWay(1, 2);
        network.Send(1, 2, "blocked", 0);
        network.Send(2, 1, "open", 0);

        Assert.Equal(["open"], network.TakeDue(1).Select(e => e.Message));
    }

    [Fact]
    public void Partition_AfterSend_DropsTheMessageInFlight()
    {
        var network = new SimulatedNetwork<string>(new Random(1), NetworkFaultOptions.Perfect);
        network.Send(1, 2, "in-flight", 0);
        network.Split([1UL], [2UL]);

        Assert.Empty(network.TakeDue(1));
        Assert.Equal(1, network.DroppedCount);
    }

    [Fact]
    public void Faults_LossDuplicationAndDelay_AllHappenAndAreSeedDeterministic()
    {
        static List<string> Run(int seed)
        {
            var faults = new NetworkFaultOptions { DropProbability = 0.2, DuplicateProbability = 0.2, MinDelayTicks = 1, MaxDelayTicks = 5 };
            var network = new SimulatedNetwork<string>(new Random(seed), faults);
            for (var i = 0; i < 200; i++)
            {
                network.Send(1, 2, i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
            }

            return [.. network.TakeDue(10).Select(e => e.Message)];
        }

        var delivered = Run(7);
        var numbers = delivered.Select(int.Parse).ToList();

        Assert.Equal(delivered, Run(7));
        Assert.True(numbers.Distinct().Count() < 200, "some message was lost");
        Assert.True(numbers.Count > numbers.Distinct().Count(), "some message was duplicated");
        Assert.NotEqual(numbers.Order(), numbers);
    }
}
