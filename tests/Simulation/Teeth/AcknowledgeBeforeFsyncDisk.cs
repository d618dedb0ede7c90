using OrleansSync.Simulation.Storage;

namespace OrleansSync.Simulation.Teeth;

/// <summary>
/// Deliberate bug: a disk whose Sync returns at once without flushing (a lying write cache).
/// Writes still reach the platter in order, but only when the cache happens to flush, so a
/// crash can lose data the node was told is durable: votes and acknowledged entries.
/// </summary>
internal sealed class AcknowledgeBeforeFsyncDisk(Random random) : SimulatedDisk
{
    public override void Sync()
    {
        // The cache flushes some older writes now and then, like a real one would; never all of them on request.
        if (UnsyncedWriteCount > 0 && random.Next(4) == 0)
        {
            MakeDurable(random.Next(UnsyncedWriteCount));
        }
    }
}
