using System.Globalization;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.Client.Cli;

/// <summary>The client's checks of user input, so that bad input fails here with a clear message, not in the cluster.</summary>
internal static class InputRules
{
    public const int MaxLockNameLength = LockTableOptions.DefaultMaxLockNameLength;

    /// <summary>Null when <paramref name="name"/> is a valid lock name, else why not.</summary>
    public static string? CheckLockName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "The lock name must not be empty."
        : name.Length > MaxLockNameLength ? $"The lock name is {name.Length} characters long; at most {MaxLockNameLength} are allowed."
        : name.Any(char.IsControl) ? "The lock name must not contain control characters."
        : null;

    public static bool TryParseMode(string? text, out LockMode mode, out string error)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "shared" or "s" or "read":
                mode = LockMode.Shared;
                error = string.Empty;
                return true;
            case "exclusive" or "x" or "write":
                mode = LockMode.Exclusive;
                error = string.Empty;
                return true;
            default:
                mode = default;
                error = $"'{text}' is not a lock mode: use shared or exclusive.";
                return false;
        }
    }

    public static bool TryParseLeaseId(string? text, out ulong leaseId, out string error)
    {
        if (ulong.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out leaseId) && leaseId > 0)
        {
            error = string.Empty;
            return true;
        }

        error = $"'{text}' is not a lease id: use the positive number printed by 'lock acquire'.";
        return false;
    }

    /// <summary>"host:port" with a port in 1..65535.</summary>
    public static string? CheckEndpoint(string? endpoint)
    {
        var colon = endpoint?.LastIndexOf(':') ?? -1;
        return endpoint is null || colon <= 0
            || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            ? $"'{endpoint}' is not an endpoint: use host:port, such as 127.0.0.1:30000."
            : null;
    }

    public static string ModeName(LockMode mode) => mode == LockMode.Shared ? "shared" : "exclusive";
}
