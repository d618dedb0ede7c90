using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Silo.Api;

/// <summary>The queue API's own problem codes, and the status each queue refusal gets (codes: <see cref="QueueErrorCodes"/>, never renamed).</summary>
internal static class QueueProblemCodes
{
    /// <summary>A receipt that is not <c>partition.messageId.delivery.receiveIndex</c>, or none.</summary>
    public const string InvalidReceipt = "invalid-receipt";

    public static int StatusOf(QueueErrorCode code) => code switch
    {
        QueueErrorCode.QueueNotFound => StatusCodes.Status404NotFound,
        QueueErrorCode.QueueAlreadyExists or QueueErrorCode.ReceiptStale => StatusCodes.Status409Conflict,
        QueueErrorCode.QueueFull or QueueErrorCode.CapacityExceeded => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
