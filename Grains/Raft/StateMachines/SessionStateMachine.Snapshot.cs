namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Snapshot of a <see cref="SessionStateMachine"/>, little-endian:
/// <c>[u32 magic "OSSM"][u16 version][i64 committed time ms][u32 session count]
/// ([u64 id][u64 last sequence][i64 last activity ms][u32 result length][result])* ordered by id,
/// [u32 inner length][inner snapshot]</c>.
/// </summary>
public sealed partial class SessionStateMachine
{
    public byte[] Snapshot()
    {
        var builder = new BinaryBuilder()
            .UInt32(SnapshotMagic)
            .UInt16(SnapshotVersion)
            .Int64(CommittedTimeMs)
            .UInt32((uint)_sessions.Count);
        foreach (var session in _sessions.Values.OrderBy(session => session.Id))
        {
            builder.UInt64(session.Id).UInt64(session.LastSequence).Int64(session.LastActivityMs).Bytes32(session.LastResult);
        }

        return builder.Bytes32(_inner.Snapshot()).ToArray();
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var cursor = new BinaryCursor(snapshot.Span, "session snapshot");
        if (cursor.ReadUInt32("magic") != SnapshotMagic || cursor.ReadUInt16("version") != SnapshotVersion)
        {
            throw new CommandFormatException("Malformed session snapshot: unknown magic or version.");
        }

        var committedTimeMs = cursor.ReadInt64("committed time");
        var count = cursor.ReadUInt32("session count");
        if (count > SessionStateMachineOptionsValidator.MaxSessionsLimit)
        {
            throw cursor.Fail("session count", $"{count} exceeds {SessionStateMachineOptionsValidator.MaxSessionsLimit}");
        }

        var sessions = new List<ClientSession>((int)Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            var session = new ClientSession(cursor.ReadUInt64("session id"), 0)
            {
                LastSequence = cursor.ReadUInt64("last sequence"),
                LastActivityMs = cursor.ReadInt64("last activity"),
                LastResult = cursor.ReadBytes32("last result", SessionResultCodec.MaxPayloadBytes).ToArray(),
            };
            if (session.Id == 0 || (sessions.Count > 0 && session.Id <= sessions[^1].Id))
            {
                throw cursor.Fail("session id", "ids must be non-zero and strictly ascending");
            }

            sessions.Add(session);
        }

        var inner = cursor.ReadBytes32("inner snapshot", int.MaxValue - 64).ToArray();
        cursor.ExpectEnd();
        _inner.Restore(inner);
        CommittedTimeMs = committedTimeMs;
        _sessions.Clear();
        _expiryOrder.Clear();
        foreach (var session in sessions)
        {
            _sessions.Add(session.Id, session);
            _expiryOrder.Add((session.LastActivityMs, session.Id));
        }
    }
}
