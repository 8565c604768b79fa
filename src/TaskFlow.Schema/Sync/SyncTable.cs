using System.Globalization;
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

    /// <summary>
    /// The keys PostgreSQL's key column can hold. Any other (a MySQL <c>VARCHAR(36)</c> id that is no UUID, whose row is
    /// quarantined) names no target row, and so never reaches a cast to the key's type, which would fail the whole statement.
    /// </summary>
    public string[] OnTarget(IEnumerable<string> keys) => keys.Where(CanHold).ToArray();

    /// <summary>Whether PostgreSQL's key column can hold <paramref name="key"/> (see <see cref="OnTarget"/>).</summary>
    public bool CanHold(string key) => KeyType switch
    {
        "uuid" => Guid.TryParseExact(key, "D", out _) || Guid.TryParseExact(key, "N", out _) || Guid.TryParseExact(key, "B", out _),
        "bigint" => long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "integer" => int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "smallint" => short.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => true,
    };
}
