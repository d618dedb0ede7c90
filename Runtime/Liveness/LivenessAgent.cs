using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Liveness;

/// <summary>
/// A silo's liveness duties against an <see cref="InProcessMembership"/>: probe every other
/// active silo each interval, vote a silo dead after consecutive missed probes, and report when
/// this silo itself has been declared dead (it must then stop serving).
/// </summary>
internal sealed partial class LivenessAgent
{
    private readonly InProcessMembership _membership;
    private readonly IMessageChannel _channel;
    private readonly LivenessOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<SiloAddress, int> _missed = [];

    public LivenessAgent(InProcessMembership membership, IMessageChannel channel, LivenessOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _membership = membership;
        _channel = channel;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Probes until cancelled or until this silo is declared dead (then calls <paramref name="declaredDead"/>).</summary>
    public async Task RunAsync(Action declaredDead, CancellationToken cancellationToken)
    {
        var self = _channel.LocalAddress;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_options.ProbeIntervalMs), _timeProvider, cancellationToken).ConfigureAwait(false);
            if (_membership.IsDead(self))
            {
                LogDeclaredDead(_logger, self);
                declaredDead();
                return;
            }

            var targets = _membership.Current.ActiveSilos.Where(s => s != self).ToList();
            var results = await Task.WhenAll(targets.Select(t => ProbeAsync(t, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < targets.Count; i++)
            {
                Record(self, targets[i], results[i]);
            }
        }
    }

    private void Record(SiloAddress self, SiloAddress target, bool answered)
    {
        if (answered)
        {
            _missed.Remove(target);
            _membership.Refute(self, target);
            return;
        }

        var missed = _missed.GetValueOrDefault(target) + 1;
        _missed[target] = missed;
        if (missed >= _options.MissedProbesLimit && _membership.Suspect(self, target))
        {
            LogDeclaredOtherDead(_logger, self, target, missed);
            _missed.Remove(target);
        }
    }

    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var probeTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.ProbeTimeoutMs), _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, probeTimeout.Token);
        try
        {
            await _channel.SendRequestAsync(target, MessageCodec.EncodePing(), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SiloUnavailableException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
