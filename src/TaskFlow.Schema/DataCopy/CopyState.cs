using Dapper;
using Npgsql;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// The copy's bookkeeping in the target: the run, each table's status, the foreign keys and indexes
/// set aside during the load, and quarantined rows. A table's rows and its "done" mark commit in the
/// same transaction, so a killed copy leaves each table either finished or empty.
/// </summary>
internal static class CopyState
{
    public const string Prefix = "taskflow_copy_";
    public const string Done = "done";
    public const string Pending = "pending";
    public const string IndexKind = "index";
    public const string ForeignKeyKind = "foreign_key";

    /// <summary>A secondary index or foreign key set aside for the load, with what re-creates it.</summary>
    public sealed record Deferred(string Name, string Kind, string Table, string Definition)
    {
        /// <summary>The statement that re-creates it (for a foreign key, one that also checks every row).</summary>
        public string CreateSql => Kind == IndexKind ? Definition : $"ALTER TABLE {Quote(Table)} ADD CONSTRAINT {Quote(Name)} {Definition}";
    }

    public const string Create = """
        CREATE TABLE taskflow_copy_run (
            id int PRIMARY KEY CHECK (id = 1),
            source text NOT NULL,
            source_version bigint NOT NULL,
            prepared boolean NOT NULL DEFAULT false,
            started_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz);
        CREATE TABLE taskflow_copy_state (
            table_name text PRIMARY KEY,
            status text NOT NULL,
            rows_copied bigint,
            rows_quarantined bigint,
            source_rows bigint,
            source_max_key text,
            seconds double precision,
            finished_at timestamptz,
            source_checksum text,
            source_hashed_rows bigint);
        CREATE TABLE taskflow_copy_deferred (
            name text PRIMARY KEY,
            kind text NOT NULL,
            table_name text NOT NULL,
            definition text NOT NULL,
            parent text,
            columns text[],
            parent_columns text[]);
        CREATE TABLE taskflow_copy_quarantine (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            table_name text NOT NULL,
            key text NOT NULL,
            column_name text NOT NULL,
            reason text NOT NULL,
            value text);
        """;

    public sealed record Run(string Source, long SourceVersion, bool Prepared, DateTime? FinishedAt);

    /// <summary>
    /// One table's bookkeeping. <paramref name="SourceChecksum"/> and <paramref name="SourceHashedRows"/> are the source
    /// side's verification checksum and row count, computed during the load from the rows written (null when the load
    /// did not hash, or removed orphans after hashing: then verification compares both sides row by row).
    /// </summary>
    public sealed record TableState(string TableName, string Status, long? RowsCopied, long? RowsQuarantined, long? SourceRows, string? SourceMaxKey,
        double? Seconds, string? SourceChecksum, long? SourceHashedRows);

    public static async Task<Run?> ReadRunAsync(NpgsqlConnection c, CancellationToken ct)
    {
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('taskflow_copy_run') IS NOT NULL", cancellationToken: ct)))
            return null;
        return await c.QuerySingleOrDefaultAsync<Run>(new CommandDefinition(
            "SELECT source, source_version AS SourceVersion, prepared, finished_at AS FinishedAt FROM taskflow_copy_run", cancellationToken: ct));
    }

    /// <summary>Relations and types in the target's schema other than the copy's own.</summary>
    public static Task<long> CountObjectsAsync(NpgsqlConnection c, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
                    WHERE n.nspname = current_schema() AND k.relkind IN ('r', 'p', 'v', 'm') AND k.relname NOT LIKE 'taskflow\_copy\_%')
                 + (SELECT COUNT(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = current_schema() AND t.typtype = 'e')
            """, cancellationToken: ct));

    public static async Task StartAsync(NpgsqlConnection c, string source, long version, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(Create, transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO taskflow_copy_run (id, source, source_version) VALUES (1, @source, @version)",
            new { source, version }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// In one transaction: remember and drop foreign keys and secondary indexes, empty every data
    /// table (the migrations' seed rows give way to the source's), and mark every table pending.
    /// </summary>
    public static async Task PrepareAsync(NpgsqlConnection c, TargetCatalog catalog, IEnumerable<string> tables, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var fk in catalog.ForeignKeys)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO taskflow_copy_deferred (name, kind, table_name, definition, parent, columns, parent_columns) VALUES (@Name, 'foreign_key', @Table, @Definition, @Parent, @Columns, @ParentColumns)",
                new { fk.Name, fk.Table, fk.Definition, fk.Parent, Columns = fk.Columns.ToArray(), ParentColumns = fk.ParentColumns.ToArray() }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition($"ALTER TABLE {Quote(fk.Table)} DROP CONSTRAINT {Quote(fk.Name)}", transaction: tx, cancellationToken: ct));
        }
        foreach (var index in catalog.SecondaryIndexes)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO taskflow_copy_deferred (name, kind, table_name, definition) VALUES (@Name, 'index', @Table, @Definition)",
                index, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition($"DROP INDEX {Quote(index.Name)}", transaction: tx, cancellationToken: ct));
        }
        var names = tables.ToList();
        if (names.Count > 0)
            await c.ExecuteAsync(new CommandDefinition($"TRUNCATE {string.Join(", ", names.Select(Quote))}", transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO taskflow_copy_state (table_name, status) SELECT unnest(@names), 'pending' ON CONFLICT DO NOTHING",
            new { names = names.ToArray() }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("UPDATE taskflow_copy_run SET prepared = true", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public static async Task<List<ForeignKey>> DeferredForeignKeysAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<TargetCatalog.ConstraintRow>(new CommandDefinition(
            "SELECT name, table_name AS \"Table\", definition, parent, columns, parent_columns AS ParentColumns FROM taskflow_copy_deferred WHERE kind = 'foreign_key' ORDER BY name",
            cancellationToken: ct)))
        .Select(r => new ForeignKey(r.Name, r.Table, r.Columns, r.Parent, r.ParentColumns, r.Definition)).ToList();

    public static async Task<List<Deferred>> DeferredAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<Deferred>(new CommandDefinition(
            "SELECT name, kind, table_name AS \"Table\", definition FROM taskflow_copy_deferred ORDER BY kind DESC, table_name, name", cancellationToken: ct))).ToList();

    public static async Task<Dictionary<string, TableState>> TablesAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<TableState>(new CommandDefinition(
            "SELECT table_name AS TableName, status, rows_copied AS RowsCopied, rows_quarantined AS RowsQuarantined, source_rows AS SourceRows, source_max_key AS SourceMaxKey, seconds, " +
            "source_checksum AS SourceChecksum, source_hashed_rows AS SourceHashedRows FROM taskflow_copy_state",
            cancellationToken: ct))).ToDictionary(t => t.TableName);

    public static async Task<List<BadValue>> QuarantineAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<BadValue>(new CommandDefinition(
            """SELECT table_name AS "Table", key AS "Key", column_name AS "Column", reason AS "Reason", value AS "Value" FROM taskflow_copy_quarantine ORDER BY id""", cancellationToken: ct))).ToList();

    public static Task FinishAsync(NpgsqlConnection c, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE taskflow_copy_run SET finished_at = now()", cancellationToken: ct));

    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
