using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Hosting;

internal sealed class LivenessOptionsValidator : IValidateOptions<LivenessOptions>
{
    public ValidateOptionsResult Validate(string? name, LivenessOptions options)
    {
        var failures = new List<string>();
        if (options.ProbeIntervalMs <= 0)
        {
            failures.Add($"ProbeIntervalMs must be positive (was {options.ProbeIntervalMs}).");
        }

        if (options.ProbeTimeoutMs <= 0)
        {
            failures.Add($"ProbeTimeoutMs must be positive (was {options.ProbeTimeoutMs}).");
        }

        if (options.MissedProbesLimit is < 1 or > 100)
        {
            failures.Add($"MissedProbesLimit must be in [1, 100] (was {options.MissedProbesLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
