using System.Buffers;
using System.IO.Pipelines;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The output side of a connection, between Kestrel and the socket: it collects what Kestrel
/// writes until a flush, lets <see cref="KestrelRejectionProblems.TryRewrite"/> turn a bodiless
/// rejection into a problem details response, and passes everything else on unchanged. Costs one
/// copy of each flush (responses of this API are small).
/// </summary>
internal sealed class RejectionRewritingWriter(PipeWriter inner) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(1024);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _pending.WrittenCount;

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        MovePending();
        return inner.FlushAsync(cancellationToken);
    }

    public override void Complete(Exception? exception = null)
    {
        MovePending();
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (MovePending())
        {
            await inner.FlushAsync();
        }

        await inner.CompleteAsync(exception);
    }

    private bool MovePending()
    {
        if (_pending.WrittenCount == 0)
        {
            return false;
        }

        var written = _pending.WrittenSpan;
        inner.Write(KestrelRejectionProblems.TryRewrite(written) ?? written);
        _pending.ResetWrittenCount();
        return true;
    }
}
