using System.Globalization;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>A Raft peer's grain key, <c>{group}/{replica}</c>; its Raft node id is replica + 1 (0 means nobody).</summary>
public readonly record struct RaftPeerKey(int Group, int Replica)
{
    public ulong NodeId => (ulong)Replica + 1;

    public static RaftPeerKey FromNodeId(int group, ulong nodeId) => new(group, checked((int)nodeId - 1));

    /// <exception cref="FormatException">The key is not two non-negative integers separated by '/'.</exception>
    public static RaftPeerKey Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var group) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var replica))
        {
            throw new FormatException($"'{key}' is not a Raft peer key of the form {{group}}/{{replica}}.");
        }

        return new RaftPeerKey(group, replica);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Group}/{Replica}");
}
