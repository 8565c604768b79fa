namespace TaskFlow.Schema.Sync;

/// <summary>
/// The state of a sync between two databases. <paramref name="State"/>: <c>not installed</c>, <c>copying</c> (capture
/// installed, full copy not finished), <c>syncing</c>, or <c>cut over</c> (the reverse capture on PostgreSQL is the one in use).
/// </summary>
public sealed record SyncStatus(string Source, string Target, string State, long Pending, double LagSeconds, long Applied, long? LastChangeId,
    DateTimeOffset? LastAppliedAt, IReadOnlyList<TableSyncStatus> Tables);
