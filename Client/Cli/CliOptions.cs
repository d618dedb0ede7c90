using System.CommandLine;
using System.CommandLine.Parsing;
using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Client.Cli;

/// <summary>Builders of the options and arguments the commands share; their parsers turn bad input into parse errors (exit code 2).</summary>
internal static class CliOptions
{
    /// <summary>A duration option; absent, its value is null and the caller applies <paramref name="defaultValue"/> (shown in the help as 30s, not 00:00:30).</summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan defaultValue, TimeSpan minimum) => new(name)
    {
        Description = $"{description} (e.g. 500ms, 30s, 2m; default {DurationParser.Format(defaultValue)})",
        HelpName = "duration",
        CustomParser = result => ParseDuration(result, minimum),
    };

    public static Option<LockMode> Mode() => new("--mode")
    {
        Description = "shared or exclusive",
        HelpName = "shared|exclusive",
        DefaultValueFactory = _ => LockMode.Exclusive,
        CustomParser = result =>
        {
            if (InputRules.TryParseMode(SingleToken(result), out var mode, out var error))
            {
                return mode;
            }

            result.AddError(error);
            return default;
        },
    };

    public static Argument<string> LockName() => new("name")
    {
        Description = $"the lock's name (1 to {InputRules.MaxLockNameLength} characters)",
        CustomParser = result =>
        {
            var name = SingleToken(result);
            if (InputRules.CheckLockName(name) is { } error)
            {
                result.AddError(error);
            }

            return name;
        },
    };

    public static Option<ulong> LeaseId() => new("--lease")
    {
        Description = "the lease id printed by 'lock acquire'",
        HelpName = "id",
        Required = true,
        CustomParser = result =>
        {
            if (InputRules.TryParseLeaseId(SingleToken(result), out var leaseId, out var error))
            {
                return leaseId;
            }

            result.AddError(error);
            return 0;
        },
    };

    public static Option<int> PositiveInt(string name, string description, int defaultValue, int maximum) => new(name)
    {
        Description = $"{description} (1 to {maximum})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = SingleToken(result);
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= maximum)
            {
                return value;
            }

            result.AddError($"'{text}' is out of range for {name}: use a whole number from 1 to {maximum}.");
            return defaultValue;
        },
    };

    private static TimeSpan? ParseDuration(ArgumentResult result, TimeSpan minimum)
    {
        var text = SingleToken(result);
        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            result.AddError(error);
        }
        else if (duration < minimum)
        {
            result.AddError($"'{text}' is too short: at least {DurationParser.Format(minimum)}.");
        }

        return duration;
    }

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
