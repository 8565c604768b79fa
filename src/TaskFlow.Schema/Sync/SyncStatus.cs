namespace TaskFlow.Schema.Sync;

/// <summary>
/// The state of a sync between two databases. <paramref name="State"/>: <c>not installed</c>, <c>copying</c> (capture
/// installed, full copy not finished), <c>syncing</c>, or <c>cut over</c> (the reverse capture on PostgreSQL is the one in use);
/// after a cut-over killed in its window, <c>read-only: cut-over interrupted</c> or <c>cut over, forward capture partly removed</c>,
/// with <paramref name="Notice"/> saying since when, at which step, and the ways on.
/// </summary>
public sealed record SyncStatus(string Source, string Target, string State, long Pending, double LagSeconds, long Applied, long? LastChangeId,
    DateTimeOffset? LastAppliedAt, IReadOnlyList<TableSyncStatus> Tables, string? Notice = null);
