using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Placement;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

/// <summary>
/// Routes grain calls: computes the owner silo from the current view, runs the call in the local
/// catalog or sends it to the owner, forwards calls that arrive at the wrong silo (bounded hops),
/// and routes again after a view change when a call raced one (bounded retries).
/// </summary>
internal sealed partial class SiloRouter : IGrainCallSink, IMessageHandler
{
    private readonly ISiloClustering _clustering;
    private readonly PlacementService _placement;
    private readonly Catalog _catalog;
    private readonly SiloOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;

    public SiloRouter(ISiloClustering clustering, PlacementService placement, Catalog catalog, SiloOptions options, TimeProvider timeProvider, RuntimeMetrics metrics, ILogger logger)
    {
        _clustering = clustering;
        _placement = placement;
        _catalog = catalog;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    public SiloAddress LocalAddress => _clustering.Channel.LocalAddress;

    /// <summary>Calls made by grains on this silo (and by a client hosted in it).</summary>
    public Task<ReadOnlyMemory<byte>> InvokeAsync(GrainCallRequest request, GrainInterfaceDescriptor grainInterface) =>
        CallerSide.CompleteAsync(RouteWithRetriesAsync(request), request, grainInterface, TimeSpan.FromMilliseconds(_options.ResponseTimeoutMs), _timeProvider, _metrics);

    /// <summary>Requests from other silos and clients.</summary>
    public async Task<ReadOnlyMemory<byte>> HandleRequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        _metrics.MessageReceived();
        GrainCallResponse response;
        try
        {
            var kind = MessageCodec.DecodeRequest(payload, out var request);
            if (kind == MessageKind.Ping)
            {
                return Array.Empty<byte>();
            }

            response = await RouteWithRetriesAsync(request!).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogBadRequest(_logger, ex, LocalAddress);
            response = GrainCallResponse.Failed(ex);
        }

        return MessageCodec.EncodeResponse(response);
    }

    private async Task<GrainCallResponse> RouteWithRetriesAsync(GrainCallRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var view = _clustering.Membership.Current;
            GrainCallResponse response;
            try
            {
                response = await RouteOnceAsync(request, view).ConfigureAwait(false);
            }
            catch (SiloUnavailableException ex) when (!ex.MayHaveBeenDelivered && attempt < _options.MaxCallRetries)
            {
                response = GrainCallResponse.Retry(ex.Message);
            }
            catch (Exception ex)
            {
                return GrainCallResponse.Failed(ex);
            }

            if (response.Status != ResponseStatus.Retry || attempt >= _options.MaxCallRetries)
            {
                return response;
            }

            LogRetry(_logger, request.InterfaceName, request.Key, attempt + 1, response.RetryReason);
            await WaitForNewerViewAsync(view.Version).ConfigureAwait(false);
        }
    }

    private async Task<GrainCallResponse> RouteOnceAsync(GrainCallRequest request, MembershipView view)
    {
        string? error = null;
        var grainInterface = request.GrainType is null ? GrainTypeRegistry.FindInterface(request.InterfaceName) : Streams.StreamDelivery.Descriptor;
        var grainClass = request.GrainType is null
            ? GrainTypeRegistry.FindClass(request.InterfaceName, out error)
            : GrainTypeRegistry.FindClassByGrainType(request.GrainType);
        if (grainInterface is null || grainClass is null)
        {
            return GrainCallResponse.Failed(new InvalidOperationException(error ?? $"Unknown grain interface {request.InterfaceName}."));
        }

        var grainId = new GrainId(grainClass.GrainTypeName, request.Key);
        var owner = _placement.Place(grainId, grainClass, view);
        if (owner is null)
        {
            return GrainCallResponse.Retry("no active silo in the membership view");
        }

        if (owner == LocalAddress)
        {
            var local = await _catalog.InvokeAsync(grainId, grainClass, grainInterface, request).ConfigureAwait(false);
            return local.Status == ResponseStatus.Failed ? GrainCallResponse.Failed(ExceptionCodec.AsSeenByCaller(local.Error!)) : local;
        }

        if (request.HopCount >= _options.MaxForwardCount)
        {
            return GrainCallResponse.Retry($"forwarded {request.HopCount} times; views disagree");
        }

        _metrics.MessageSent();
        var bytes = await _clustering.Channel.SendRequestAsync(owner, MessageCodec.EncodeCall(request.Forwarded()), CancellationToken.None).ConfigureAwait(false);
        return MessageCodec.DecodeResponse(bytes);
    }

    private async Task WaitForNewerViewAsync(long knownVersion)
    {
        using var delay = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RetryDelayMs), _timeProvider);
        try
        {
            await _clustering.Membership.WaitForNewerViewAsync(knownVersion, delay.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (delay.IsCancellationRequested)
        {
            // No newer view within the retry delay: route again with the current one.
        }
    }
}
