namespace TaskFlow.Schema.Sync;

/// <summary>One captured change: which row (by key) of which table; <paramref name="OldKey"/> is set when an update changed the key.</summary>
internal sealed record Change(long Id, string Table, string Key, string? OldKey);
