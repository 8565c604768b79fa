namespace TaskFlow.Schema.Inspection;

/// <summary>
/// One difference between a live schema and the expected one: blocking (the meaning differs) or a note (names,
/// comments, collation), with the object it is about and the expected and found definitions.
/// </summary>
public sealed record SchemaDifference(bool Blocking, string Kind, string? Table, string Name, string? Expected, string? Found, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}
