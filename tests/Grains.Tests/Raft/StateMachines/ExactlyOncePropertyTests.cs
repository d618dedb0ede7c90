using FsCheck.Fluent;
using OrleansSync.Grains.Raft.StateMachines;
using Xunit.Abstractions;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

/// <summary>
/// Clients that retry (because a leader failed before answering) must see each command applied
/// exactly once. Random schedules of new commands, retries of the last one and stale retries are
/// replayed through sessions on a key-value machine whose Append is not idempotent.
/// </summary>
public sealed class ExactlyOncePropertyTests
{
    private const int Clients = 3;
    private readonly ITestOutputHelper _output;

    public ExactlyOncePropertyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>A step: which client acts and whether it sends its next command (0), retries its last (1) or an older one (2).</summary>
    private static FsCheck.Gen<(int Client, int Action)[]> Schedules =>
        Gen.ArrayOf(Gen.Choose(0, Clients - 1).SelectMany(client => Gen.Frequency(
            (5, Gen.Constant((client, 0))),
            (4, Gen.Constant((client, 1))),
            (1, Gen.Constant((client, 2))))));

    [Fact]
    public void RetriedCommands_AreAppliedOnceAndAnsweredIdentically()
    {
        PropertyRunner.Run(_output, Prop.ForAll(FsCheck.Fluent.Arb.From(Schedules), schedule =>
        {
            var harness = new SessionHarness();
            var sessions = Enumerable.Range(0, Clients).Select(_ => harness.Register(0)).ToArray();
            var sequences = new ulong[Clients];
            var answers = new Dictionary<(int, ulong), byte[]>();
            var expected = string.Empty;
            long now = 0;
            foreach (var (client, action) in schedule)
            {
                now += 10;
                if (action == 0 || sequences[client] == 0)
                {
                    var sequence = ++sequences[client];
                    var result = harness.Execute(sessions[client], sequence, now, Suffix(client, sequence));
                    expected += $"{client}.{sequence};";
                    answers[(client, sequence)] = result.Payload.ToArray();
                }
                else if (action == 1)
                {
                    var retry = harness.Execute(sessions[client], sequences[client], now, Suffix(client, sequences[client]));
                    Assert.Equal(answers[(client, sequences[client])], retry.Payload.ToArray());
                }
                else if (sequences[client] > 1)
                {
                    var stale = harness.Execute(sessions[client], sequences[client] - 1, now, Suffix(client, sequences[client] - 1));
                    Assert.Equal(SessionResultStatus.StaleSequence, stale.Status);
                }
            }

            Assert.Equal(expected.Length == 0 ? null : expected, harness.KeyValue.Read("log"));
            Assert.Equal(sequences.Sum(sequence => (long)sequence), harness.KeyValue.AppliedCommandCount);
        }), maxTest: 300);
    }

    [Fact]
    public void ReplicaRestoredMidway_ConvergesWithTheOriginal()
    {
        PropertyRunner.Run(_output, Prop.ForAll(FsCheck.Fluent.Arb.From(Schedules), FsCheck.Fluent.Arb.From(Gen.Choose(0, 100)), (schedule, cut) =>
        {
            var original = new SessionHarness();
            var sessions = Enumerable.Range(0, Clients).Select(_ => original.Register(0)).ToArray();
            var commands = new List<byte[]>();
            var sequences = new ulong[Clients];
            foreach (var (client, action) in schedule)
            {
                var sequence = action == 0 || sequences[client] == 0 ? ++sequences[client] : sequences[client];
                commands.Add(SessionCommandCodec.Encode(SessionCommand.Command(
                    sessions[client], sequence, commands.Count * 10L, KeyValueCodec.EncodeCommand(Suffix(client, sequence)))));
            }

            var restoreAt = commands.Count == 0 ? 0 : cut % (commands.Count + 1);
            var replica = new SessionHarness();
            for (var i = 0; i < commands.Count; i++)
            {
                if (i == restoreAt)
                {
                    replica.Sessions.Restore(original.Sessions.Snapshot());
                }

                var fromOriginal = original.ApplyRaw(commands[i]).ToArray();
                Assert.True(i < restoreAt || fromOriginal.AsSpan().SequenceEqual(replica.Sessions.Apply(original.LastIndex, commands[i]).Span));
            }

            Assert.True(restoreAt == commands.Count || original.Sessions.Snapshot().AsSpan().SequenceEqual(replica.Sessions.Snapshot()));
        }), maxTest: 200);
    }

    private static KeyValueCommand Suffix(int client, ulong sequence) => KeyValueCommand.Append("log", $"{client}.{sequence};");
}
