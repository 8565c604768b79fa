namespace TaskFlow.Schema.Inspection;

/// <summary>Everything the inspector saw in a live schema, ordered by kind and name.</summary>
public sealed class SchemaSnapshot
{
    /// <summary>Creates a snapshot; the order of <paramref name="objects"/> does not matter.</summary>
    public SchemaSnapshot(IEnumerable<SchemaObject> objects)
    {
        Objects = objects.Where(o => !Bookkeeping.IsOwnTable(o.Table ?? (o.Kind == "table" ? o.Name : null)))
            .OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var duplicate = Objects.GroupBy(o => o.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"The schema snapshot has two objects named {duplicate.Key}.");
    }

    /// <summary>The objects, ordered.</summary>
    public IReadOnlyList<SchemaObject> Objects { get; }

    /// <summary>This snapshot (the live one) compared by meaning with <paramref name="expected"/>.</summary>
    public SchemaComparison CompareWith(SchemaSnapshot expected) => SchemaComparison.Compare(this, expected);

    /// <summary>The differences in meaning that take <paramref name="expected"/> to this snapshot, in plain words.</summary>
    public IReadOnlyList<string> DifferencesFrom(SchemaSnapshot expected) => CompareWith(expected).Blocking.Select(d => d.Text).ToList();

    /// <summary>The whole snapshot as text, one object a line.</summary>
    public override string ToString() => string.Join('\n', Objects);
}
