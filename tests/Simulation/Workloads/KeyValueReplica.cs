using System.Text;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// The simulator's key-value state machine with client sessions (Raft thesis §6.3): each session
/// remembers its last sequence number and answer, so a retried command is applied once.
/// </summary>
internal sealed class KeyValueReplica : IWorkloadReplica<KeyValueInput, KeyValueOutput>
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, (ulong Sequence, KeyValueOutput Output)> _sessions = [];

    public AppliedCommand<KeyValueOutput> Apply(ulong index, ReadOnlyMemory<byte> command)
    {
        var (sessionId, sequence, input) = KeyValueCommandCodec.Decode(command);
        if (_sessions.TryGetValue(sessionId, out var last) && sequence <= last.Sequence)
        {
            // A retry of the last command answers from the stored result; an older one is a stale duplicate.
            return new(sessionId, sequence, sequence == last.Sequence ? last.Output : null);
        }

        var output = Execute(input);
        _sessions[sessionId] = (sequence, output);
        return new(sessionId, sequence, output);
    }

    public KeyValueOutput Read(KeyValueInput input) => KeyValueOutput.Read(_values.GetValueOrDefault(input.Key));

    public ReadOnlyMemory<byte> Snapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(_values.Count);
            foreach (var (key, value) in _values)
            {
                writer.Write(key);
                writer.Write(value);
            }

            writer.Write(_sessions.Count);
            foreach (var (session, (sequence, output)) in _sessions)
            {
                writer.Write(session);
                writer.Write(sequence);
                writer.Write(output.Succeeded);
                writer.Write(output.Value is not null);
                writer.Write(output.Value ?? string.Empty);
            }
        }

        return stream.ToArray();
    }

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        _values.Clear();
        _sessions.Clear();
        using var reader = new BinaryReader(new MemoryStream(snapshot.ToArray()), Encoding.UTF8);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            _values[reader.ReadString()] = reader.ReadString();
        }

        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var session = reader.ReadUInt64();
            var sequence = reader.ReadUInt64();
            var succeeded = reader.ReadBoolean();
            var hasValue = reader.ReadBoolean();
            var value = reader.ReadString();
            _sessions[session] = (sequence, new KeyValueOutput(succeeded, hasValue ? value : null));
        }
    }

    private KeyValueOutput Execute(KeyValueInput input)
    {
        var current = _values.GetValueOrDefault(input.Key);
        switch (input.Kind)
        {
            case KeyValueOperationKind.Put:
                _values[input.Key] = input.Value!;
                return KeyValueOutput.Ok;
            case KeyValueOperationKind.Delete:
                return KeyValueOutput.Flag(_values.Remove(input.Key));
            case KeyValueOperationKind.CompareAndSwap when current == input.Expected:
                _values[input.Key] = input.Value!;
                return KeyValueOutput.Flag(true);
            case KeyValueOperationKind.CompareAndSwap:
                return KeyValueOutput.Flag(false);
            case KeyValueOperationKind.Append:
                _values[input.Key] = current + input.Value;
                return KeyValueOutput.Appended(_values[input.Key]);
            default:
                return KeyValueOutput.Read(current);
        }
    }
}
