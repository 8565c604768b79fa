namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>A column of a MySQL table as information_schema describes it: its type, and how many characters and bytes it holds.</summary>
internal sealed class MySqlColumn
{
    public string Name { get; init; } = "";

    /// <summary>The full type, e.g. <c>varchar(256)</c>, <c>text</c>, <c>timestamp</c>.</summary>
    public string Type { get; init; } = "";

    public long? MaxCharacters { get; init; }

    public long? MaxBytes { get; init; }
}
