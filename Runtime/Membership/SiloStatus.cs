namespace OrleansSync.Runtime.Membership;

/// <summary>Life cycle of a silo incarnation in the membership table. Dead is final.</summary>
public enum SiloStatus
{
    /// <summary>Row written, the silo is starting and not yet serving.</summary>
    Joining = 1,

    /// <summary>Serving; counted in membership views and placement.</summary>
    Active = 2,

    /// <summary>Leaving gracefully; no longer a placement target.</summary>
    ShuttingDown = 3,

    /// <summary>Declared dead (by votes, by itself on leave, or by its successor on the same endpoint). Never changes again.</summary>
    Dead = 4,
}
