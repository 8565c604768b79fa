namespace TaskFlow.Schema.DataCopy;

/// <summary>The first difference between source and target of a table.</summary>
public sealed record Mismatch(string Table, string Key, string? Column, string Description)
{
    /// <summary>One line for the user.</summary>
    public override string ToString() => $"table {Table}, key {Key}{(Column is null ? "" : ", column " + Column)}: {Description}";
}
