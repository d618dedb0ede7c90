namespace OrleansSync.Runtime.Redis;

/// <summary>When <c>SET</c> writes: always, only if the key is absent (NX), or only if it exists (XX).</summary>
public enum RedisSetCondition
{
    /// <summary>Write unconditionally.</summary>
    Always,

    /// <summary>Write only if the key does not exist (<c>NX</c>).</summary>
    NotExists,

    /// <summary>Write only if the key already exists (<c>XX</c>).</summary>
    Exists,
}
