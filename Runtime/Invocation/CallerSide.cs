using OrleansSync.Runtime.Diagnostics;

namespace OrleansSync.Runtime.Invocation;

/// <summary>What every caller does around a call: the response timeout, metrics and turning the response into a result or a typed exception.</summary>
internal static class CallerSide
{
    public static async Task<ReadOnlyMemory<byte>> CompleteAsync(
        Task<GrainCallResponse> call,
        GrainCallRequest request,
        GrainInterfaceDescriptor grainInterface,
        TimeSpan responseTimeout,
        TimeProvider timeProvider,
        RuntimeMetrics metrics)
    {
        var started = timeProvider.GetTimestamp();
        var method = grainInterface.MethodName(request.MethodId);
        var failed = true;
        try
        {
            GrainCallResponse response;
            try
            {
                response = await call.WaitAsync(responseTimeout, timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new GrainCallTimeoutException(
                    $"Call to {grainInterface.InterfaceName}.{method} on grain '{request.Key}' timed out after {responseTimeout.TotalMilliseconds:0} ms.");
            }

            switch (response.Status)
            {
                case ResponseStatus.Ok:
                    failed = false;
                    return response.Payload;
                case ResponseStatus.Failed:
                    throw response.Error!;
                default:
                    throw new SiloUnavailableException(
                        $"Call to {grainInterface.InterfaceName}.{method} on grain '{request.Key}' could not be routed: {response.RetryReason}", mayHaveBeenDelivered: false);
            }
        }
        finally
        {
            metrics.CallCompleted(grainInterface.InterfaceName, method, timeProvider.GetElapsedTime(started).TotalMilliseconds, failed);
        }
    }
}
