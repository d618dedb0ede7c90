using System.Globalization;

namespace OrleansSync.Client.Cli;

/// <summary>
/// Durations as people type them: a whole number and a unit, <c>500ms</c>, <c>30s</c>, <c>2m</c>,
/// <c>1h</c>; a bare <c>0</c> is zero. No fractions, no negatives, at most a day.
/// </summary>
internal static class DurationParser
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    private static readonly (string Suffix, long MillisecondsPerUnit)[] Units =
    [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
    ];

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed == "0")
        {
            error = string.Empty;
            return true;
        }

        foreach (var (suffix, unitMs) in Units)
        {
            if (trimmed.Length > suffix.Length
                && trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(trimmed.AsSpan(0, trimmed.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= MaxDuration.TotalMilliseconds / unitMs)
            {
                duration = TimeSpan.FromMilliseconds(count * unitMs);
                error = string.Empty;
                return true;
            }
        }

        error = $"'{text}' is not a duration: use a whole number with a unit, such as 500ms, 30s, 2m or 1h (at most {Format(MaxDuration)}).";
        return false;
    }

    /// <summary>The shortest exact form: 1500ms, 30s, 2m, 1h.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        for (var i = Units.Length - 1; i >= 0; i--)
        {
            if (ms != 0 && ms % Units[i].MillisecondsPerUnit == 0)
            {
                return (ms / Units[i].MillisecondsPerUnit).ToString(CultureInfo.InvariantCulture) + Units[i].Suffix;
            }
        }

        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
