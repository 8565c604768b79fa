namespace TaskFlow.Schema.DataCopy;

/// <summary>Turns the target catalog and the source's columns into table plans in foreign-key order.</summary>
internal static class TablePlanner
{
    public static IReadOnlyList<TablePlan> Plan(TargetCatalog catalog, IReadOnlyList<ForeignKey> foreignKeys,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, SourceColumn>> sourceColumns)
    {
        var plans = new List<TablePlan>();
        foreach (var (table, columns) in catalog.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!sourceColumns.TryGetValue(table, out var source))
                throw new SchemaException($"Table {table} exists on the target at this step but not in the source: is --from-version right?");
            var missing = columns.FirstOrDefault(c => !source.ContainsKey(c.Name) && c.NotNull && !c.HasDefault);
            if (missing is not null)
                throw new SchemaException($"Column {table}.{missing.Name} is required on the target but the source has no such column.");
            if (!catalog.PrimaryKeys.TryGetValue(table, out var key) || key.Count != 1)
                throw new SchemaException($"Table {table} needs a single-column primary key for copy-data (it is read and verified in key order).");
            var copied = columns.Where(c => source.ContainsKey(c.Name)).ToList();
            var keyColumn = copied.FirstOrDefault(c => c.Name == key[0])
                ?? throw new SchemaException($"The source table {table} has no column {key[0]} (the target's primary key).");
            plans.Add(new TablePlan(table, copied, key[0], keyColumn.TypeName is "int2" or "int4" or "int8",
                foreignKeys.Where(f => f.Table == table).ToList(),
                copied.FirstOrDefault(c => c.IsIdentity)?.Name, copied.Select(c => source[c.Name]).ToList()));
        }
        return Order(plans);
    }

    // Kahn's algorithm, ties by name, so that parents load first and the order is the same every run.
    private static List<TablePlan> Order(List<TablePlan> plans)
    {
        var byName = plans.ToDictionary(p => p.Name);
        var done = new HashSet<string>();
        var ordered = new List<TablePlan>();
        while (ordered.Count < plans.Count)
        {
            var next = plans.FirstOrDefault(p => !done.Contains(p.Name) && p.Parents.All(x => done.Contains(x) || !byName.ContainsKey(x)))
                ?? throw new SchemaException("The target's foreign keys form a cycle between tables; copy-data cannot order them: " +
                    string.Join(", ", plans.Where(p => !done.Contains(p.Name)).Select(p => p.Name)));
            done.Add(next.Name);
            ordered.Add(next);
        }
        return ordered;
    }
}
