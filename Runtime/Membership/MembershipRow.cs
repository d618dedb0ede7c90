namespace OrleansSync.Runtime.Membership;

/// <summary>A row as read from the table, with the ETag that a conditional update must present.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);
