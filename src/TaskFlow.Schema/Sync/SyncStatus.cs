namespace TaskFlow.Schema.Sync;

/// <summary>
/// The state of a sync between two databases. <paramref name="State"/>: <c>not installed</c>, <c>copying</c> (capture
/// installed, full copy not finished), <c>syncing</c>, or <c>cut over</c> (the reverse capture on PostgreSQL is the one in use).
/// </summary>
public sealed record SyncStatus(string Source, string Target, string State, long Pending, double LagSeconds, long Applied, long? LastChangeId,
    DateTimeOffset? LastAppliedAt, IReadOnlyList<TableSyncStatus> Tables);

/// <summary>One table: its state (<c>copy pending</c>, <c>copied</c>, <c>in sync</c>, <c>N pending</c>) and its pending changes.</summary>
public sealed record TableSyncStatus(string Table, string State, long Pending);
