namespace TaskFlow.Schema.Inspection;

/// <summary>
/// One object of a live schema in canonical text: its kind ("column", "index", ...), a name that
/// identifies it (<c>table.column</c>), and a definition that is equal when the objects mean the same.
/// </summary>
public sealed record SchemaObject(string Kind, string Name, string Definition)
{
    /// <summary>The table the object belongs to (the table itself for a table); null for schema-wide objects.</summary>
    public string? Table { get; init; }

    /// <summary>
    /// Whether the object is identified by what it does (table and definition) rather than by its name: indexes,
    /// keys and checks, whose names the engine or a script's author chose freely.
    /// </summary>
    public bool IdentifiedByMeaning { get; init; }

    /// <summary>For an index whose catalog the inspector reads column by column: what it can serve; null otherwise.</summary>
    public IndexShape? Shape { get; init; }

    /// <summary>What is compared only as a note: comments, collation, a view's column order and text.</summary>
    public string Notes { get; init; } = "";

    /// <summary>The identity of the object by name: kind and name.</summary>
    public string Key => $"{Kind} {Name}";

    /// <summary>The identity of the object by meaning: kind, table and definition.</summary>
    public string MeaningKey => $"{Kind} {Table} {Definition}";

    /// <summary>The name without its table prefix (an index's own name).</summary>
    public string OwnName => Table is { } table && Name.StartsWith(table + ".", StringComparison.Ordinal) ? Name[(table.Length + 1)..] : Name;

    /// <inheritdoc/>
    public override string ToString() => $"{Key}: {Definition}";
}
