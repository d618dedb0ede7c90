using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Serialization;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A Redis stream item handed to one local activation as an ordinary turn. Unlike the cluster
/// provider's delivery it never activates a grain, and a subscription removed while the item
/// waited in the mailbox simply drops the item (the result says whether a handler ran).
/// </summary>
internal static class RedisStreamDelivery
{
    public const uint DeliverMethodId = 1;

    public static GrainInterfaceDescriptor Descriptor { get; } = new(
        typeof(IStreamConsumer),
        [new GrainMethodDescriptor(DeliverMethodId, "DeliverRedis", AlwaysInterleave: false)],
        static (_, _) => throw new InvalidOperationException("Redis stream deliveries have no proxy."),
        new Invoker());

    public static GrainCallRequest CreateRequest(RedisStreamSubscription subscription, ReadOnlyMemory<byte> item)
    {
        var arguments = new GrainWriter();
        Codec<Guid>.Write(arguments, subscription.SubscriptionId);
        arguments.WriteNullableBytes(item.Span, false);
        var grainId = subscription.Activation.GrainId;
        return new GrainCallRequest(Descriptor.InterfaceName, grainId.Key, DeliverMethodId, arguments.ToArray(), 0) { GrainType = grainId.GrainType };
    }

    /// <summary>True if the response says a handler ran (false: the subscription was gone by then).</summary>
    public static bool HandlerRan(GrainCallResponse response) => new GrainReader(response.Payload).ReadByte() == 1;

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
                result.WriteByte(0);
                return;
            }

            await handler(item);
            result.WriteByte(1);
        }
    }
}
