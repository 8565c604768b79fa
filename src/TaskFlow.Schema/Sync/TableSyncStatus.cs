namespace TaskFlow.Schema.Sync;

/// <summary>One table: its state (<c>copy pending</c>, <c>copied</c>, <c>in sync</c>, <c>N pending</c>) and its pending changes.</summary>
public sealed record TableSyncStatus(string Table, string State, long Pending);
