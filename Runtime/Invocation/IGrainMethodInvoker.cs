using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Invocation;

/// <summary>
/// Generated per grain interface: decodes the arguments of a method (selected by id with a
/// switch, no reflection), calls the grain and encodes the result.
/// </summary>
public interface IGrainMethodInvoker
{
    ValueTask InvokeAsync(object grain, uint methodId, GrainReader arguments, GrainWriter result);
}
