using Microsoft.Extensions.Options;

namespace OrleansSync.Grains.Locks.Detection;

internal sealed class DeadlockDetectionOptionsValidator : IValidateOptions<DeadlockDetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadlockDetectionOptions options)
    {
        var failures = new List<string>();
        if (options.DetectionPeriodMs is < 10 or > 600_000)
        {
            failures.Add($"DetectionPeriodMs must be 10 to 600000 ms (was {options.DetectionPeriodMs}).");
        }

        if (options.ReadTimeoutMs is < 100 or > 600_000)
        {
            failures.Add($"ReadTimeoutMs must be 100 to 600000 ms (was {options.ReadTimeoutMs}).");
        }

        if (options.StartIntervalMs is < 100 or > 600_000)
        {
            failures.Add($"StartIntervalMs must be 100 to 600000 ms (was {options.StartIntervalMs}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
