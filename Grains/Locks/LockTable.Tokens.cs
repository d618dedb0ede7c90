namespace OrleansSync.Grains.Locks;

/// <summary>
/// The last fencing token of locks that are free: a lock with no holder and no waiter leaves the
/// table, so its token is kept in a bounded record (the most recently granted
/// <see cref="LockTableOptions.MaxRememberedFreeLocks"/> free locks). A lock pushed out of the
/// record raises a ceiling instead, which then answers for every lock the table does not remember:
/// an upper bound of their real last token, and never lower than anything reported for them
/// before, so what <see cref="GetLastFencingToken"/> says of one lock never goes down.
/// </summary>
public sealed partial class LockTable
{
    private readonly Dictionary<string, ulong> _freeLockTokens = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, string> _freeLocksByToken = [];
    private ulong _forgottenTokenCeiling;

    /// <summary>How many free locks have their last token remembered exactly.</summary>
    public int RememberedFreeLockCount => _freeLockTokens.Count;

    /// <summary>
    /// The lock's last fencing token: exact while it is held, waited on, or among the remembered
    /// free locks; else the highest token of any forgotten free lock (0 if none was forgotten, so
    /// a lock never granted reads 0). Tokens come from one counter per table, so a later grant of
    /// the lock always exceeds what this returned.
    /// </summary>
    public ulong GetLastFencingToken(string name) =>
        _locks.TryGetValue(name, out var state) ? state.LastFencingToken
        : _freeLockTokens.TryGetValue(name, out var token) ? token
        : _forgottenTokenCeiling;

    /// <summary>Keeps the token of a lock that just became free; the oldest grant leaves the record when it is full.</summary>
    private void RememberFreeLock(string name, ulong lastToken)
    {
        if (lastToken == 0)
        {
            return; // never granted (a try or a wait that ended without a grant): nothing to remember
        }

        if (_freeLockTokens.Count == _options.MaxRememberedFreeLocks)
        {
            var (oldestToken, oldestName) = _freeLocksByToken.First();
            _freeLocksByToken.Remove(oldestToken);
            _freeLockTokens.Remove(oldestName);
            _forgottenTokenCeiling = Math.Max(_forgottenTokenCeiling, oldestToken);
        }

        _freeLockTokens.Add(name, lastToken);
        _freeLocksByToken.Add(lastToken, name);
    }

    /// <summary>The last token of a lock coming back into the table (0 if never granted), taken out of the record.</summary>
    private ulong TakeFreeLockToken(string name)
    {
        if (!_freeLockTokens.Remove(name, out var token))
        {
            return 0;
        }

        _freeLocksByToken.Remove(token);
        return token;
    }

    private void WriteFreeLocks(BinaryWriter writer)
    {
        writer.Write(_forgottenTokenCeiling);
        writer.Write(_freeLocksByToken.Count);
        foreach (var (token, name) in _freeLocksByToken)
        {
            writer.Write(name);
            writer.Write(token);
        }
    }

    private void ReadFreeLocks(BinaryReader reader)
    {
        _forgottenTokenCeiling = reader.ReadUInt64();
        var count = ReadCount(reader, _options.MaxRememberedFreeLocks);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var token = reader.ReadUInt64();
            if (token == 0 || token > _lastFencingToken || _locks.ContainsKey(name))
            {
                throw new InvalidDataException($"Lock table snapshot remembers free lock '{name}' with token {token}, which cannot be.");
            }

            _freeLockTokens.Add(name, token);
            _freeLocksByToken.Add(token, name);
        }
    }

    private void ClearFreeLocks()
    {
        _freeLockTokens.Clear();
        _freeLocksByToken.Clear();
        _forgottenTokenCeiling = 0;
    }
}
