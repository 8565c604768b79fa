using System.Data.Common;
using TaskFlow.Schema.Inspection;

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
}
