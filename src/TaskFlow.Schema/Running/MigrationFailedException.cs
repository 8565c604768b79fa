namespace TaskFlow.Schema.Running;

/// <summary>A statement of a migration failed; says which migration and which statement.</summary>
public sealed class MigrationFailedException(long version, string description, int statementNumber, string statement, string error, Exception inner)
    : SchemaException($"Migration {version} ({description}) failed at statement {statementNumber}: {error}\n  statement: {Shorten(statement)}", inner)
{
    /// <summary>The failing statement.</summary>
    public string Statement { get; } = statement;

    internal static string Shorten(string statement)
    {
        var oneLine = string.Join(' ', statement.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + " ...";
    }
}
