using Microsoft.Extensions.Options;

namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Checks <see cref="SessionStateMachineOptions"/>.</summary>
public sealed class SessionStateMachineOptionsValidator : IValidateOptions<SessionStateMachineOptions>
{
    /// <summary>Upper bound on <see cref="SessionStateMachineOptions.MaxSessions"/>: each session keeps its last result in memory.</summary>
    public const int MaxSessionsLimit = 1_000_000;

    public ValidateOptionsResult Validate(string? name, SessionStateMachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxSessions < 1 || options.MaxSessions > MaxSessionsLimit)
        {
            failures.Add($"{nameof(options.MaxSessions)} must be between 1 and {MaxSessionsLimit} (was {options.MaxSessions}).");
        }

        if (options.SessionTimeoutMs < 1)
        {
            failures.Add($"{nameof(options.SessionTimeoutMs)} must be positive (was {options.SessionTimeoutMs}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(SessionStateMachineOptions options)
    {
        var result = new SessionStateMachineOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SessionStateMachineOptions), result.Failures);
        }
    }
}
