using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Streams;

/// <summary>
/// Delivers a stream item to a subscriber grain, addressed by grain type and key: the call runs
/// as an ordinary turn of the subscriber's activation (activating it if needed) and invokes the
/// handler the activation attached for the subscription.
/// </summary>
internal static class StreamDelivery
{
    public const uint DeliverMethodId = 1;

    public static GrainInterfaceDescriptor Descriptor { get; } = new(
        typeof(IStreamConsumer),
        [new GrainMethodDescriptor(DeliverMethodId, "Deliver", AlwaysInterleave: false)],
        static (_, _) => throw new InvalidOperationException("Stream deliveries have no proxy."),
        new Invoker());

    public static async Task DeliverAsync(IGrainCallSink sink, StreamSubscription subscription, byte[] item)
    {
        var arguments = new GrainWriter();
        Codec<Guid>.Write(arguments, subscription.SubscriptionId);
        arguments.WriteNullableBytes(item, false);
        var request = new GrainCallRequest(Descriptor.InterfaceName, subscription.GrainKey, DeliverMethodId, arguments.ToArray(), 0)
        {
            GrainType = subscription.GrainType,
        };
        await sink.InvokeAsync(request, Descriptor).ConfigureAwait(false);
    }

    private sealed class Invoker : IGrainMethodInvoker
    {
        public async ValueTask InvokeAsync(object grain, uint methodId, GrainReader arguments, GrainWriter result)
        {
            var subscriptionId = Codec<Guid>.Read(arguments);
            var item = arguments.ReadNullableBytes() ?? [];
            arguments.EnsureFullyConsumed();
            var activation = ((Grain)grain).RuntimeActivation;
            if (!activation.StreamHandlers.TryGetValue(subscriptionId, out var handler))
            {
                throw new InvalidOperationException(
                    $"Grain {activation.GrainId} has no handler for stream subscription {subscriptionId}: resume its subscriptions in OnActivateAsync.");
            }

            await handler(item);
        }
    }
}
