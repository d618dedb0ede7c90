using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansSync.Runtime.Diagnostics;

/// <summary>The runtime's instruments, on the meter named <see cref="MeterName"/>.</summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "OrleansSync.Runtime";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _callFailures;
    private readonly Histogram<double> _callDurationMs;
    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesReceived;
    private readonly UpDownCounter<long> _mailboxLength;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("orleanssync.grain.calls", description: "Grain calls made by this process.");
        _callFailures = meter.CreateCounter<long>("orleanssync.grain.call_failures", description: "Grain calls that ended with an error.");
        _callDurationMs = meter.CreateHistogram<double>("orleanssync.grain.call.duration", unit: "ms", description: "Grain call latency seen by the caller.");
        _activations = meter.CreateUpDownCounter<long>("orleanssync.activations", description: "Live grain activations on this silo.");
        _messagesSent = meter.CreateCounter<long>("orleanssync.messages.sent", description: "Requests sent to other silos or gateways.");
        _messagesReceived = meter.CreateCounter<long>("orleanssync.messages.received", description: "Requests received from other silos or clients.");
        _mailboxLength = meter.CreateUpDownCounter<long>("orleanssync.mailbox.length", description: "Requests waiting in activation mailboxes.");
    }

    public void CallCompleted(string interfaceName, string methodName, double elapsedMs, bool failed)
    {
        var tags = new TagList { { "interface", interfaceName }, { "method", methodName } };
        _calls.Add(1, tags);
        if (failed)
        {
            _callFailures.Add(1, tags);
        }

        _callDurationMs.Record(elapsedMs, tags);
    }

    public void ActivationCreated() => _activations.Add(1);

    public void ActivationRemoved() => _activations.Add(-1);

    public void MessageSent() => _messagesSent.Add(1);

    public void MessageReceived() => _messagesReceived.Add(1);

    public void MailboxChanged(int delta) => _mailboxLength.Add(delta);
}
