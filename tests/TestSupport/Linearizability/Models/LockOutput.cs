namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>What a lock operation answered.</summary>
/// <param name="Granted">Acquire: the lock was granted (false: a try-lock gave up). Release: the caller held it.</param>
/// <param name="FencingToken">The token of a granted acquire; ignored otherwise.</param>
public sealed record LockOutput(bool Granted, long FencingToken)
{
    public static LockOutput GrantedWith(long fencingToken) => new(true, fencingToken);

    public static LockOutput NotGranted { get; } = new(false, 0);

    public static LockOutput Released { get; } = new(true, 0);

    public static LockOutput NotHeld { get; } = new(false, 0);

    public override string ToString() => Granted ? (FencingToken > 0 ? $"granted#{FencingToken}" : "ok") : "refused";
}
