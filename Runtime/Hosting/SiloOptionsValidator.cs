using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Hosting;

internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var failures = new List<string>();
        Require(failures, !string.IsNullOrWhiteSpace(options.SiloName), "SiloName is required.");
        Require(failures, !string.IsNullOrWhiteSpace(options.ClusterId), "ClusterId is required.");
        Require(failures, options.MailboxCapacity is > 0 and <= 1_000_000, $"MailboxCapacity must be in [1, 1000000] (was {options.MailboxCapacity}).");
        Require(failures, options.ResponseTimeoutMs > 0, $"ResponseTimeoutMs must be positive (was {options.ResponseTimeoutMs}).");
        Require(failures, options.CollectionAgeMs > 0, $"CollectionAgeMs must be positive (was {options.CollectionAgeMs}).");
        Require(failures, options.CollectionQuantumMs > 0, $"CollectionQuantumMs must be positive (was {options.CollectionQuantumMs}).");
        Require(failures, options.DeactivationTimeoutMs > 0, $"DeactivationTimeoutMs must be positive (was {options.DeactivationTimeoutMs}).");
        Require(failures, options.ActivationTimeoutMs > 0, $"ActivationTimeoutMs must be positive (was {options.ActivationTimeoutMs}).");
        Require(failures, options.MaxForwardCount is >= 0 and <= 16, $"MaxForwardCount must be in [0, 16] (was {options.MaxForwardCount}).");
        Require(failures, options.MaxCallRetries is >= 0 and <= 32, $"MaxCallRetries must be in [0, 32] (was {options.MaxCallRetries}).");
        Require(failures, options.RetryDelayMs > 0, $"RetryDelayMs must be positive (was {options.RetryDelayMs}).");
        Require(failures, options.VirtualNodesPerSilo is > 0 and <= 1024, $"VirtualNodesPerSilo must be in [1, 1024] (was {options.VirtualNodesPerSilo}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(List<string> failures, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }
}
