using System.Buffers;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> so parsers meet data split across network reads.</summary>
internal sealed class TestSegment : ReadOnlySequenceSegment<byte>
{
    private TestSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>A sequence of <paramref name="bytes"/> cut at the given offsets (ascending, within the array).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IReadOnlyList<int> cuts)
    {
        var bounds = cuts.Where(cut => cut > 0 && cut < bytes.Length).Distinct().Order().Append(bytes.Length).ToList();
        var first = new TestSegment(bytes.AsMemory(0, bounds[0]), 0);
        var last = first;
        for (var index = 1; index < bounds.Count; index++)
        {
            var next = new TestSegment(bytes.AsMemory(bounds[index - 1], bounds[index] - bounds[index - 1]), bounds[index - 1]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
