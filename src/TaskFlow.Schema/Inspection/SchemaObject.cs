namespace TaskFlow.Schema.Inspection;

/// <summary>
/// One object of a live schema in canonical text: its kind ("column", "index", ...), a name that
/// identifies it (<c>table.column</c>), and a definition that is equal when the objects are.
/// </summary>
public sealed record SchemaObject(string Kind, string Name, string Definition)
{
    /// <summary>The identity of the object: kind and name.</summary>
    public string Key => $"{Kind} {Name}";

    /// <inheritdoc/>
    public override string ToString() => $"{Key}: {Definition}";
}
