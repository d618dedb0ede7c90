using System.Text;
using System.Text.Json;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Reads a request body with <see cref="Utf8JsonReader"/>, strictly: one JSON object of scalar
/// members (strings, numbers, true, false, null) with no duplicate names, no comments, no trailing
/// commas and nothing after it. Names are matched exactly (camelCase, as the API documents them).
/// Typed accessors refuse a value of the wrong JSON type: <c>"3000"</c> is not a number.
/// </summary>
internal sealed class StrictJsonObject
{
    /// <summary>Most members a body may have (bodies of the lock API have at most four).</summary>
    public const int MaxMembers = 16;

    private readonly Dictionary<string, JsonMember> _members;

    private StrictJsonObject(Dictionary<string, JsonMember> members) => _members = members;

    /// <summary>Parses <paramref name="utf8"/>; null with the reason if it is not such an object.</summary>
    public static StrictJsonObject? Parse(ReadOnlySpan<byte> utf8, IReadOnlyCollection<string> allowed, out string? error)
    {
        var members = new Dictionary<string, JsonMember>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 2 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = $"The body must be a JSON object, not {Describe(reader.TokenType)}.";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!allowed.Contains(name))
                {
                    error = $"Unknown member '{Clip(name)}': this request takes {string.Join(", ", allowed)} (names are case-sensitive).";
                    return null;
                }

                if (members.ContainsKey(name))
                {
                    error = $"The member '{name}' appears more than once.";
                    return null;
                }

                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        members.Add(name, new JsonMember(JsonTokenType.String, reader.GetString()));
                        break;
                    case JsonTokenType.Number:
                        members.Add(name, new JsonMember(JsonTokenType.Number, Encoding.UTF8.GetString(reader.ValueSpan)));
                        break;
                    case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                        members.Add(name, new JsonMember(reader.TokenType, null));
                        break;
                    default:
                        error = $"The member '{name}' must be a string, number, boolean or null, not {Describe(reader.TokenType)}.";
                        return null;
                }

                if (members.Count > MaxMembers)
                {
                    error = $"The body has more than {MaxMembers} members.";
                    return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "The body has content after its JSON object.";
                return null;
            }
        }
        catch (JsonException exception)
        {
            error = $"The body is not valid JSON: {exception.Message}";
            return null;
        }
        catch (InvalidOperationException exception)
        {
            // GetString refuses a string that is not valid UTF-8.
            error = $"The body is not valid UTF-8 JSON: {exception.Message}";
            return null;
        }

        error = null;
        return new StrictJsonObject(members);
    }

    /// <summary>A string member; absent or null is null. False with the reason if it has another type.</summary>
    public bool TryGetString(string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!_members.TryGetValue(name, out var member) || member.Type == JsonTokenType.Null)
        {
            return true;
        }

        if (member.Type != JsonTokenType.String)
        {
            error = $"The member '{name}' must be a string, not {Describe(member.Type)}.";
            return false;
        }

        value = member.Text;
        return true;
    }

    /// <summary>An integer member (a JSON number with no fraction or exponent that fits 64 bits); absent or null is null.</summary>
    public bool TryGetInt64(string name, out long? value, out string? error)
    {
        value = null;
        if (!TryGetIntegerText(name, out var text, out error) || text is null)
        {
            return error is null;
        }

        if (!long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"The member '{name}' must be an integer from {long.MinValue} to {long.MaxValue}, not {Clip(text)}.";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>A non-negative integer member that fits 64 unsigned bits; absent or null is null.</summary>
    public bool TryGetUInt64(string name, out ulong? value, out string? error)
    {
        value = null;
        if (!TryGetIntegerText(name, out var text, out error) || text is null)
        {
            return error is null;
        }

        if (!ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            error = $"The member '{name}' must be an integer from 0 to {ulong.MaxValue}, not {Clip(text)}.";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>Whether the member is present with a non-null value.</summary>
    public bool Has(string name) => _members.TryGetValue(name, out var member) && member.Type != JsonTokenType.Null;

    private bool TryGetIntegerText(string name, out string? text, out string? error)
    {
        text = null;
        error = null;
        if (!_members.TryGetValue(name, out var member) || member.Type == JsonTokenType.Null)
        {
            return true;
        }

        if (member.Type != JsonTokenType.Number)
        {
            error = $"The member '{name}' must be a number, not {Describe(member.Type)}.";
            return false;
        }

        if (member.Text!.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            error = $"The member '{name}' must be a whole number (no fraction or exponent), not {Clip(member.Text!)}.";
            return false;
        }

        text = member.Text;
        return true;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>Echoes caller text in a detail only this long.</summary>
    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
