using Microsoft.Extensions.Options;

namespace OrleansSync.Runtime.Membership;

/// <summary>Checks <see cref="MembershipOptions"/> at start-up.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, nameof(options.ProbeIntervalMs), options.ProbeIntervalMs, 1, int.MaxValue);
        Check(failures, nameof(options.ProbeTimeoutMs), options.ProbeTimeoutMs, 1, int.MaxValue);
        Check(failures, nameof(options.IAmAliveIntervalMs), options.IAmAliveIntervalMs, 1, int.MaxValue);
        Check(failures, nameof(options.NumProbedSilos), options.NumProbedSilos, 1, 1_000);
        Check(failures, nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration, 1, 1_000);
        Check(failures, nameof(options.DeathVoteExpirationMs), options.DeathVoteExpirationMs, options.ProbeIntervalMs, int.MaxValue);
        Check(failures, nameof(options.PhiMaxSampleSize), options.PhiMaxSampleSize, 2, 10_000);
        Check(failures, nameof(options.PhiMinStdDeviationMs), options.PhiMinStdDeviationMs, 1, int.MaxValue);
        Check(failures, nameof(options.PhiAcceptableHeartbeatPauseMs), options.PhiAcceptableHeartbeatPauseMs, 0, int.MaxValue);
        Check(failures, nameof(options.MaxConditionalWriteAttempts), options.MaxConditionalWriteAttempts, 1, 1_000);
        Check(failures, nameof(options.DeadRowRetentionMs), options.DeadRowRetentionMs, 1, int.MaxValue);
        if (!(options.PhiThreshold > 0) || double.IsInfinity(options.PhiThreshold))
        {
            failures.Add($"PhiThreshold must be a positive finite number (was {options.PhiThreshold}).");
        }

        if (options.NumProbedSilos < options.NumVotesForDeathDeclaration)
        {
            // Only probers vote, so fewer probers than required votes could never declare a death in a large cluster.
            failures.Add($"NumProbedSilos ({options.NumProbedSilos}) must be at least NumVotesForDeathDeclaration ({options.NumVotesForDeathDeclaration}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid setting.</summary>
    public static void ThrowIfInvalid(MembershipOptions options)
    {
        var result = new MembershipOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(MembershipOptions), typeof(MembershipOptions), result.Failures);
        }
    }

    private static void Check(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name} must be in {min}..{max} (was {value}).");
        }
    }
}
