using System.Text.Json;

namespace OrleansSync.Silo.Api;

/// <summary>One member of a request body as it was written: its token type and, for strings and numbers, its text.</summary>
/// <param name="Type">A string, number, true, false or null token (bodies take no nested objects or arrays).</param>
/// <param name="Text">The unescaped string, or the number as written; null for the other tokens.</param>
internal readonly record struct JsonMember(JsonTokenType Type, string? Text);
