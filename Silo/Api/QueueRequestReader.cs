using System.Text.Json;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Reads the body of a queue request: bounded (<see cref="QueueApiLimits.MaxBodyBytes"/>), JSON
/// (<c>application/json</c>, UTF-8), one object whose members are all known and none repeated, at
/// every level. Queue bodies nest (a batch of messages, attribute maps), which the lock API's flat
/// <see cref="StrictJsonObject"/> does not take, hence a reader of its own. Each failure is a problem.
/// </summary>
internal static class QueueRequestReader
{
    /// <summary>The queue name from a route value; null with a problem if it is not one (the groups check the syntax too).</summary>
    public static string? ReadName(string? routeValue, out IResult? problem)
    {
        var name = routeValue ?? string.Empty;
        var error = Grains.Queues.QueueTable.ValidateName(name, Grains.Queues.QueueTable.MaxQueueNameLength);
        problem = error is null ? null : Problems.BadRequest(ProblemCodes.InvalidName, $"Queue name '{Clip(name)}': {error}.");
        return problem is null ? name : null;
    }

    /// <summary>The body as a JSON object of the <paramref name="allowed"/> members (an empty body is <c>{}</c>); the caller disposes the document.</summary>
    public static async Task<(JsonDocument? Body, IResult? Problem)> ReadBodyAsync(
        HttpRequest request, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        if (request.ContentLength > QueueApiLimits.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > QueueApiLimits.MaxBodyBytes)
                {
                    return (null, TooLarge());
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception)
        {
            return (null, MalformedRequestProblems.Of(exception));
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Problems.BadRequest(ProblemCodes.BadRequest, $"The request body could not be read: {exception.Message}"));
        }

        if (buffer.Length == 0)
        {
            return (JsonDocument.Parse("{}"), null);
        }

        if (!LockRequestReader.IsJson(request.ContentType))
        {
            return (null, Problems.Create(
                StatusCodes.Status415UnsupportedMediaType,
                ProblemCodes.UnsupportedMediaType,
                "The body is not JSON.",
                $"Send the body as application/json (UTF-8), not '{(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : request.ContentType)}'."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = QueueApiLimits.MaxJsonDepth });
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest(ProblemCodes.InvalidJson, $"The body is not valid JSON: {exception.Message}"));
        }

        var problem = CheckObject(document.RootElement, "The body", allowed);
        if (problem is not null)
        {
            document.Dispose();
            return (null, Problems.BadRequest(ProblemCodes.InvalidJson, problem));
        }

        return (document, null);
    }

    /// <summary>Null if <paramref name="element"/> is an object of known, distinct members; else what is wrong.</summary>
    public static string? CheckObject(JsonElement element, string what, IReadOnlyCollection<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{what} must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!allowed.Contains(member.Name))
            {
                return $"{what} has an unknown member '{Clip(member.Name)}': it takes {string.Join(", ", allowed)} (names are case-sensitive).";
            }

            if (!seen.Add(member.Name))
            {
                return $"{what} has the member '{member.Name}' more than once.";
            }
        }

        return null;
    }

    /// <summary>A string member; absent or null is null. False with the reason for another type.</summary>
    public static bool TryGetString(JsonElement element, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            error = $"The member '{name}' must be a string, not {member.ValueKind.ToString().ToLowerInvariant()}.";
            return false;
        }

        value = member.GetString();
        return true;
    }

    /// <summary>A whole-number member that fits 64 bits; absent or null is null. False with the reason otherwise.</summary>
    public static bool TryGetInt64(JsonElement element, string name, out long? value, out string? error)
    {
        value = null;
        error = null;
        if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.Number || member.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') >= 0 || !member.TryGetInt64(out var parsed))
        {
            error = $"The member '{name}' must be a whole number that fits 64 bits, not {Clip(member.GetRawText())}.";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>A boolean member; absent or null is null.</summary>
    public static bool TryGetBoolean(JsonElement element, string name, out bool? value, out string? error)
    {
        value = null;
        error = null;
        if (!element.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (member.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = $"The member '{name}' must be true or false, not {Clip(member.GetRawText())}.";
            return false;
        }

        value = member.GetBoolean();
        return true;
    }

    private static IResult TooLarge() => Problems.Create(
        StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "The request body is too large.", $"At most {QueueApiLimits.MaxBodyBytes} bytes are accepted.");

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
