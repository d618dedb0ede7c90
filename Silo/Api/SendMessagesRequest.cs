using System.Text;
using System.Text.Json;
using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of <c>POST /queues/{name}/messages</c>: one message (<c>{"body": "...", ...}</c>) or a
/// batch (<c>{"messages": [{...}, ...]}</c>, 1 to 100). A message has a UTF-8 text <c>body</c> and
/// optionally <c>partitionKey</c>, <c>dedupId</c>, <c>delayMs</c> and <c>attributes</c> (an object of strings).
/// </summary>
internal static class SendMessagesRequest
{
    public static readonly IReadOnlyCollection<string> MessageMembers = ["body", "partitionKey", "dedupId", "delayMs", "attributes"];

    public static readonly IReadOnlyCollection<string> Members = [.. MessageMembers, "messages"];

    /// <summary>The messages the body states; null with the reason if it states none or has a wrong type.</summary>
    public static IReadOnlyList<MessageToSend>? From(JsonElement body, out string? error)
    {
        if (!body.TryGetProperty("messages", out var batch))
        {
            return ReadMessage(body, "The body", out error) is { } single ? [single] : null;
        }

        if (MessageMembers.Any(m => body.TryGetProperty(m, out _)))
        {
            error = "A body holds one message or a 'messages' batch, not both.";
            return null;
        }

        if (batch.ValueKind != JsonValueKind.Array || batch.GetArrayLength() == 0)
        {
            error = "The member 'messages' must be a non-empty array of messages.";
            return null;
        }

        var messages = new List<MessageToSend>(batch.GetArrayLength());
        var index = 0;
        foreach (var element in batch.EnumerateArray())
        {
            if (ReadMessage(element, $"messages[{index++}]", out error) is not { } message)
            {
                return null;
            }

            messages.Add(message);
        }

        error = null;
        return messages;
    }

    private static MessageToSend? ReadMessage(JsonElement element, string what, out string? error)
    {
        error = QueueRequestReader.CheckObject(element, what, MessageMembers);
        if (error is not null
            || !QueueRequestReader.TryGetString(element, "body", out var text, out error)
            || !QueueRequestReader.TryGetString(element, "partitionKey", out var partitionKey, out error)
            || !QueueRequestReader.TryGetString(element, "dedupId", out var dedupId, out error)
            || !QueueRequestReader.TryGetInt64(element, "delayMs", out var delayMs, out error))
        {
            return null;
        }

        if (text is null)
        {
            error = $"{what} needs a 'body' string (it may be empty).";
            return null;
        }

        if (delayMs is < 0)
        {
            error = $"{what}: delayMs cannot be negative ({delayMs}).";
            return null;
        }

        var attributes = new List<KeyValuePair<string, string>>();
        if (element.TryGetProperty("attributes", out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                error = $"{what}: 'attributes' must be an object of strings.";
                return null;
            }

            foreach (var attribute in map.EnumerateObject())
            {
                if (attribute.Value.ValueKind != JsonValueKind.String || attributes.Any(a => a.Key == attribute.Name))
                {
                    error = $"{what}: attribute '{attribute.Name}' must be a string, given once.";
                    return null;
                }

                attributes.Add(new(attribute.Name, attribute.Value.GetString()!));
            }
        }

        return new MessageToSend(Encoding.UTF8.GetBytes(text))
        {
            PartitionKey = partitionKey,
            DedupId = dedupId,
            Delay = TimeSpan.FromMilliseconds(delayMs ?? 0),
            Attributes = attributes,
        };
    }
}
