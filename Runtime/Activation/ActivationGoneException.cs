namespace OrleansSync.Runtime.Activation;

/// <summary>Internal signal: the activation left before running the request; the call is routed again.</summary>
internal sealed class ActivationGoneException : Exception
{
    public ActivationGoneException()
        : base("The activation was deactivated before the request ran.")
    {
    }
}
