using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Invocation;

namespace OrleansSync.Runtime.Client;

/// <summary>
/// Sends grain calls to gateway silos, which route them to the grain's silo. Gateways are the
/// active silos of the current membership view; the gateway for a call is chosen by the grain
/// key (spreading load) and a call is moved to the next gateway only when the request certainly
/// never reached the previous one, so no call runs twice because of a retry.
/// </summary>
internal sealed partial class ClusterClient : IClusterClient, IGrainCallSink, IHostedService, IAsyncDisposable
{
    private readonly IClientClustering _clustering;
    private readonly ClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly GrainFactory _grainFactory;
    private bool _started;

    public ClusterClient(
        IServiceProvider services,
        IClientClustering clustering,
        IOptions<ClientOptions> options,
        TimeProvider timeProvider,
        RuntimeMetrics metrics,
        ILogger<ClusterClient> logger)
    {
        Services = services;
        _clustering = clustering;
        _options = options.Value;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _grainFactory = new GrainFactory(this);
    }

    /// <summary>The client host's services (stream providers are looked up here).</summary>
    internal IServiceProvider Services { get; }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _clustering.StartAsync(_options.ClientName, cancellationToken).ConfigureAwait(false);
        _started = true;
        LogConnected(_logger, _clustering.Channel.LocalAddress);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => _started ? _clustering.CloseAsync() : ValueTask.CompletedTask;

    public Task<ReadOnlyMemory<byte>> InvokeAsync(GrainCallRequest request, GrainInterfaceDescriptor grainInterface) =>
        CallerSide.CompleteAsync(SendThroughGatewayAsync(request), request, grainInterface, TimeSpan.FromMilliseconds(_options.ResponseTimeoutMs), _timeProvider, _metrics);

    private async Task<GrainCallResponse> SendThroughGatewayAsync(GrainCallRequest request)
    {
        var channel = _started ? _clustering.Channel : throw new InvalidOperationException("The cluster client is not started.");
        var payload = MessageCodec.EncodeCall(request);
        var preferred = (int)(Placement.StableHash.Hash(request.Key) % int.MaxValue);
        Exception? last = null;
        for (var attempt = 0; attempt < _options.MaxGatewayAttempts; attempt++)
        {
            var view = _clustering.Gateways.Current;
            if (view.ActiveSilos.Count > 0)
            {
                var gateway = view.ActiveSilos[(preferred + attempt) % view.ActiveSilos.Count];
                try
                {
                    _metrics.MessageSent();
                    var response = MessageCodec.DecodeResponse(await channel.SendRequestAsync(gateway, payload, CancellationToken.None).ConfigureAwait(false));
                    if (response.Status != ResponseStatus.Retry)
                    {
                        return response;
                    }

                    last = new SiloUnavailableException(response.RetryReason ?? "retry", mayHaveBeenDelivered: false);
                }
                catch (SiloUnavailableException ex) when (!ex.MayHaveBeenDelivered)
                {
                    LogGatewayUnavailable(_logger, gateway, attempt + 1);
                    last = ex;
                }
            }

            await WaitForNewerViewAsync(view.Version).ConfigureAwait(false);
        }

        return GrainCallResponse.Failed(last is null
            ? new ClusterUnavailableException("No gateway silo is active.")
            : new ClusterUnavailableException($"No gateway could take the call after {_options.MaxGatewayAttempts} attempts: {last.Message}"));
    }

    private async Task WaitForNewerViewAsync(long knownVersion)
    {
        using var delay = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.GatewayRetryDelayMs), _timeProvider);
        try
        {
            await _clustering.Gateways.WaitForNewerViewAsync(knownVersion, delay.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (delay.IsCancellationRequested)
        {
            // No newer view in time: try the next gateway with the current one.
        }
    }
}
