namespace OrleansSync.Grains.Cache;

/// <summary>A renewal to send: <see cref="CacheRenewCommand"/> for the grant; its reply goes to <see cref="NearCache.CompleteRenewal"/> with <paramref name="RequestId"/>.</summary>
internal sealed record NearCacheRenewal(ulong RequestId, string Key, ulong GrantIndex)
{
    public CacheRenewCommand ToCommand(string silo) => new(Key, silo, GrantIndex);
}
