namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class CustomGrainException : Exception
{
    public CustomGrainException(string message)
        : base(message)
    {
    }
}
