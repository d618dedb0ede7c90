using System.IO.Pipelines;

namespace OrleansSync.Silo.Api;

/// <summary>A connection's transport with its output passed through a <see cref="RejectionRewritingWriter"/>.</summary>
internal sealed class RejectionRewritingPipe(IDuplexPipe transport) : IDuplexPipe
{
    public PipeReader Input => transport.Input;

    public PipeWriter Output { get; } = new RejectionRewritingWriter(transport.Output);
}
