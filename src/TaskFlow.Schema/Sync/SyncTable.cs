using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// A table of the sync: the copy's plan (columns, key, foreign-key order), its key column's PostgreSQL type, its unique
/// indexes other than the primary key, and whether a foreign key references it (then a row of it is never deleted to be
/// inserted again: the target would cascade to its children).
/// </summary>
internal sealed record SyncTable(TablePlan Plan, string KeyType, IReadOnlyList<UniqueIndex> UniqueIndexes, bool Referenced)
{
    public string Name => Plan.Name;

    /// <summary>
    /// When two key texts name the same row: exactly for numbers; for UUIDs in either case (MySQL keeps the case a key was
    /// written in and compares without it, PostgreSQL prints lower case).
    /// </summary>
    public StringComparer KeyComparer => Plan.NumericKey ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>A set of this table's keys.</summary>
    public HashSet<string> KeySet(IEnumerable<string>? keys = null) => new(keys ?? [], KeyComparer);
}
