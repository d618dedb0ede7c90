using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Messaging;

/// <summary>Checks <see cref="MessagingOptions"/> at start-up; <see cref="ThrowIfInvalid"/> is used by the transport itself.</summary>
public sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    /// <summary>Largest frame payload accepted as a setting (1 GiB).</summary>
    public const int MaxAllowedFrameBytes = 1 << 30;

    public ValidateOptionsResult Validate(string? name, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var clusterIdBytes = Encoding.UTF8.GetByteCount(options.ClusterId ?? string.Empty);
        if (clusterIdBytes is 0 or > MessagingOptions.MaxClusterIdBytes)
        {
            failures.Add($"ClusterId must have 1..{MessagingOptions.MaxClusterIdBytes} UTF-8 bytes.");
        }

        if (Encoding.UTF8.GetByteCount(options.SharedSecret ?? string.Empty) < MessagingOptions.MinSharedSecretBytes)
        {
            failures.Add($"SharedSecret must have at least {MessagingOptions.MinSharedSecretBytes} UTF-8 bytes.");
        }

        CheckRange(failures, nameof(options.MaxFrameBytes), options.MaxFrameBytes, 1, MaxAllowedFrameBytes);
        CheckRange(failures, nameof(options.ConnectTimeoutMs), options.ConnectTimeoutMs, 1, int.MaxValue);
        CheckRange(failures, nameof(options.RequestTimeoutMs), options.RequestTimeoutMs, 1, int.MaxValue);
        CheckRange(failures, nameof(options.HandshakeTimeoutMs), options.HandshakeTimeoutMs, 1, int.MaxValue);
        CheckRange(failures, nameof(options.MaxPendingRequests), options.MaxPendingRequests, 1, 1_000_000);
        CheckRange(failures, nameof(options.MaxConcurrentInboundRequests), options.MaxConcurrentInboundRequests, 1, 100_000);
        CheckRange(failures, nameof(options.ConnectAttempts), options.ConnectAttempts, 1, 1_000);
        CheckRange(failures, nameof(options.ReconnectBaseDelayMs), options.ReconnectBaseDelayMs, 1, int.MaxValue);
        CheckRange(failures, nameof(options.ReconnectMaxDelayMs), options.ReconnectMaxDelayMs, options.ReconnectBaseDelayMs, int.MaxValue);
        if (options.UseTls && options.TlsServerCertificate is { HasPrivateKey: false })
        {
            failures.Add("TlsServerCertificate must carry its private key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid setting.</summary>
    public static void ThrowIfInvalid(MessagingOptions options)
    {
        var result = new MessagingOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(MessagingOptions), typeof(MessagingOptions), result.Failures);
        }
    }

    private static void CheckRange(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name} must be in {min}..{max} (was {value}).");
        }
    }
}
