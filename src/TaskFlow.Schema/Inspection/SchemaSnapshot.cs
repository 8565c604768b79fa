namespace TaskFlow.Schema.Inspection;

/// <summary>Everything the inspector saw in a live schema, ordered by kind and name.</summary>
public sealed class SchemaSnapshot
{
    /// <summary>Creates a snapshot; the order of <paramref name="objects"/> does not matter.</summary>
    public SchemaSnapshot(IEnumerable<SchemaObject> objects)
    {
        Objects = objects.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var duplicate = Objects.GroupBy(o => o.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"The schema snapshot has two objects named {duplicate.Key}.");
    }

    /// <summary>The objects, ordered.</summary>
    public IReadOnlyList<SchemaObject> Objects { get; }

    /// <summary>The differences that take <paramref name="expected"/> to this snapshot, in plain words.</summary>
    public IReadOnlyList<string> DifferencesFrom(SchemaSnapshot expected)
    {
        var actual = Objects.ToDictionary(o => o.Key);
        var wanted = expected.Objects.ToDictionary(o => o.Key);
        var differences = new List<string>();
        foreach (var e in expected.Objects)
        {
            if (!actual.TryGetValue(e.Key, out var a))
                differences.Add($"{e.Kind} {e.Name} is missing (expected: {e.Definition})");
            else if (a.Definition != e.Definition)
                differences.Add($"{e.Kind} {e.Name} differs: expected {e.Definition}, found {a.Definition}");
        }
        differences.AddRange(Objects.Where(a => !wanted.ContainsKey(a.Key))
            .Select(a => $"{a.Kind} {a.Name} is not expected (found: {a.Definition})"));
        return differences;
    }

    /// <summary>The whole snapshot as text, one object a line.</summary>
    public override string ToString() => string.Join('\n', Objects);
}
