using System.Data.Common;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Dialects;

/// <summary>
/// Reads the live schema of the connection's current database/schema from the engine's catalog:
/// tables, columns (type, nullability, default, identity), indexes, foreign keys, checks, enum
/// types, triggers, functions and views. The history table is left out.
/// </summary>
public interface ISchemaInspector
{
    /// <summary>Takes a snapshot of the current database.</summary>
    Task<SchemaSnapshot> InspectAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Statements that give live objects the names the migrations gave them, without rebuilding a table or re-checking
    /// its rows; renames the engine cannot do that way are left out (those objects keep their names, noted).
    /// </summary>
    IReadOnlyList<string> RenameStatements(IReadOnlyList<SchemaRename> renames);

    /// <summary>
    /// Statements that create <paramref name="indexes"/> (non-unique, each with its <see cref="SchemaObject.Shape"/>) under
    /// the migrations' names while the table takes writes.
    /// </summary>
    IReadOnlyList<string> CreateIndexStatements(IReadOnlyList<SchemaObject> indexes);

    /// <summary>
    /// Notes on the columns whose text the migrations declare to compare in a way of their own (<paramref name="declared"/>,
    /// by <c>table.column</c>), where this database compares it otherwise than the other engine's rendering of the same
    /// migrations does (MySQL against PostgreSQL); none where this engine is the one that renders the declaration.
    /// </summary>
    IReadOnlyList<string> DeclaredTextNotes(SchemaSnapshot live, IReadOnlyDictionary<string, Model.TextCollation?> declared);

    /// <summary>
    /// Statements that make what later migrations create take what the database's tables already have (MySQL: their
    /// collation as the database's default, so that new tables never bring a second one); none when it already does.
    /// </summary>
    Task<IReadOnlyList<string>> DefaultStatementsAsync(DbConnection connection, IRunLog log, CancellationToken cancellationToken);
}
