namespace OrleansSync.Runtime.Membership;

/// <summary>A membership operation could not be completed (join refused, too many write conflicts).</summary>
public sealed class MembershipException : Exception
{
    public MembershipException(string message)
        : base(message)
    {
    }
}
