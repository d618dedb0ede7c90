namespace OrleansSync.Runtime.Tests.TestGrains;

/// <summary>An application exception registered with <see cref="GrainExceptions"/>, so callers get it typed.</summary>
public sealed class RegisteredGrainException : Exception
{
    public RegisteredGrainException(string message)
        : base(message)
    {
    }
}
