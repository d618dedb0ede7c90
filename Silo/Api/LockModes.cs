using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>Lock modes as the API spells them: <c>exclusive</c>, <c>shared</c>.</summary>
internal static class LockModes
{
    public static string Name(LockMode mode) => mode switch
    {
        LockMode.Shared => "shared",
        LockMode.Exclusive => "exclusive",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a mode (case-insensitive); null means exclusive.</summary>
    public static bool TryParse(string? text, out LockMode mode)
    {
        mode = LockMode.Exclusive;
        if (text is null || text.Equals("exclusive", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("shared", StringComparison.OrdinalIgnoreCase))
        {
            mode = LockMode.Shared;
            return true;
        }

        return false;
    }
}
