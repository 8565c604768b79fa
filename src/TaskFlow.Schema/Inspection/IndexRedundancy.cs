namespace TaskFlow.Schema.Inspection;

/// <summary>
/// The rule that makes two tables' indexes mean the same although they differ (the rule of Skeema's
/// <c>RedundantTo</c>, pt-duplicate-key-checker and InnoDB's own choice of the index that backs a foreign key): a
/// non-unique index is redundant to an index of the same method whose columns start with its own, in the same order
/// and direction, none with a shorter prefix; a unique index only to the primary key or a unique index on the same
/// columns. An expected non-unique index that a live index covers, and a live index redundant to another, are notes;
/// a missing or extra unique index, or one on other columns, still differs.
/// </summary>
internal static class IndexRedundancy
{
    /// <summary>
    /// Takes the redundant indexes out of <paramref name="live"/> and <paramref name="expected"/> (what is left unpaired of
    /// one table's indexes) and notes each; <paramref name="allLive"/> is every live index of that table.
    /// </summary>
    public static void Settle(IReadOnlyList<SchemaObject> allLive, List<SchemaObject> live, List<SchemaObject> expected,
        List<SchemaDifference> differences, List<SchemaObject> covered)
    {
        foreach (var e in expected.Where(e => e.Shape is { Unique: false, Primary: false }).ToList())
        {
            var by = allLive.Where(a => a.Shape is { } shape && shape.Covers(e.Shape!)).OrderBy(a => a.Shape!.Parts.Count).FirstOrDefault();
            if (by is null)
                continue;
            expected.Remove(e);
            covered.Add(e);
            differences.Add(new(false, e.Kind, e.Table, e.Name, e.Definition, by.Definition,
                $"{e.Kind} {e.Name} is not in the database, but {by.OwnName} covers it (expected: {e.Definition}, found: {by.Definition})"));
        }

        var unpaired = live.ToList();
        foreach (var a in unpaired.Where(a => a.Shape is not null))
        {
            var to = allLive.FirstOrDefault(o => o != a && o.Shape is not null && RedundantTo(a, o, unpaired));
            if (to is null)
                continue;
            live.Remove(a);
            differences.Add(new(false, a.Kind, a.Table, a.Name, to.Definition, a.Definition,
                $"{a.Kind} {a.Name} is not expected, but is redundant to {to.OwnName} (found: {a.Definition}, and {to.Definition})"));
        }
    }

    // Whether index a is redundant to index o. Where both are left unpaired and serve the same lookups, only the one
    // whose name sorts later is: one of two duplicates still counts, so duplicates alone never make an index expected.
    private static bool RedundantTo(SchemaObject a, SchemaObject o, IReadOnlyList<SchemaObject> unpaired)
    {
        var (mine, other) = (a.Shape!, o.Shape!);
        var serves = mine.Unique || mine.Primary
            ? !mine.Primary && (other.Unique || other.Primary) && other.SameColumns(mine)
            : other.Covers(mine);
        if (!serves)
            return false;
        var tie = unpaired.Contains(o) && mine.Covers(other) && mine.Unique == other.Unique && mine.Primary == other.Primary;
        return !tie || string.CompareOrdinal(o.Name, a.Name) < 0;
    }
}
