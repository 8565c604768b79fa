using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Sync;

/// <summary>A table of the sync: the copy's plan (columns, key, foreign-key order) and its key column's PostgreSQL type.</summary>
internal sealed record SyncTable(TablePlan Plan, string KeyType)
{
    public string Name => Plan.Name;
}
