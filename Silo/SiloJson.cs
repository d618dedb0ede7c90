using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansSync.Silo;

/// <summary>The JSON conventions of every HTTP response: camelCase, enums as camelCase strings.</summary>
internal static class SiloJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
