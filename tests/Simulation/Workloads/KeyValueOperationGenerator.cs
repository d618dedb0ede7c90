using System.Globalization;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// Random key-value operations over a few keys, so operations contend. Written values are unique
/// (client and operation number), so a read names the write it saw and a lost or duplicated write
/// shows up in the history.
/// </summary>
internal sealed class KeyValueOperationGenerator(Random random, int keyCount)
{
    private int _operationNumber;

    public KeyValueInput Next(int clientId)
    {
        var key = "k" + random.Next(keyCount).ToString(CultureInfo.InvariantCulture);
        var value = $"{clientId}.{++_operationNumber}";
        return random.Next(100) switch
        {
            < 25 => KeyValueInput.Put(key, value),
            < 45 => KeyValueInput.Append(key, value + ";"),
            < 75 => KeyValueInput.Get(key),
            < 90 => KeyValueInput.CompareAndSwap(key, random.Next(2) == 0 ? null : $"{clientId}.{_operationNumber - 1}", value),
            _ => KeyValueInput.Delete(key),
        };
    }
}
