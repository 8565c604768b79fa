using Dapper;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// The PostgreSQL side of a copy, counterpart of <see cref="SourceDatabase"/>: its connections (opened with the copy's
/// settings), the copy lock, the step its history says, and all of the copy's bookkeeping in it (taskflow_copy_*): the
/// run, each table's status, the foreign keys and indexes set aside during the load, and quarantined rows. A table's
/// rows and its "done" mark commit in the same transaction, so a killed copy leaves each table either finished or empty.
/// </summary>
internal sealed class TargetDatabase
{
    private static readonly ISchemaDialect Dialect = DialectRegistry.Dialect(DatabaseEngine.PostgreSql);
    private static readonly IDatabaseDriver Driver = DialectRegistry.Driver(DatabaseEngine.PostgreSql);

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
            finished_at timestamptz,
            capture text);
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
            source_hashed_rows bigint,
            verified boolean NOT NULL DEFAULT false);
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

    /// <summary>
    /// The copy in the target: <paramref name="Capture"/> is the identity of the change capture it was made under (a sync's full
    /// copy), null for copy-data's own copy, which no capture saw.
    /// </summary>
    public sealed record Run(string Source, long SourceVersion, bool Prepared, DateTime? FinishedAt, string? Capture);

    /// <summary>
    /// One table's bookkeeping. <paramref name="SourceChecksum"/> and <paramref name="SourceHashedRows"/> are the source
    /// side's verification checksum and row count, computed during the load from the rows written (null when the load
    /// did not hash: then verification compares both sides row by row). <paramref name="Verified"/>: the copy's verification
    /// found the table equal to what its load read.
    /// </summary>
    public sealed record TableState(string TableName, string Status, long? RowsCopied, long? RowsQuarantined, long? SourceRows, string? SourceMaxKey,
        double? Seconds, string? SourceChecksum, long? SourceHashedRows, bool Verified);

    public static async Task<Run?> ReadRunAsync(NpgsqlConnection c, CancellationToken ct)
    {
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('taskflow_copy_run') IS NOT NULL", cancellationToken: ct)))
            return null;
        return await c.QuerySingleOrDefaultAsync<Run>(new CommandDefinition(
            // A run recorded by an older build has no capture column: read through jsonb, it is null.
            "SELECT source, source_version AS SourceVersion, prepared, finished_at AS FinishedAt, to_jsonb(r) ->> 'capture' AS Capture FROM taskflow_copy_run r",
            cancellationToken: ct));
    }

    /// <summary>Relations and types in the target's schema other than the copy's own.</summary>
    public static Task<long> CountObjectsAsync(NpgsqlConnection c, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
                    WHERE n.nspname = current_schema() AND k.relkind IN ('r', 'p', 'v', 'm') AND k.relname NOT LIKE 'taskflow\_copy\_%')
                 + (SELECT COUNT(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = current_schema() AND t.typtype = 'e')
            """, cancellationToken: ct));

    public static async Task StartAsync(NpgsqlConnection c, string source, long version, string? capture, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(Create, transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO taskflow_copy_run (id, source, source_version, capture) VALUES (1, @source, @version, @capture)",
            new { source, version, capture }, tx, cancellationToken: ct));
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
            "source_checksum AS SourceChecksum, source_hashed_rows AS SourceHashedRows, verified FROM taskflow_copy_state",
            cancellationToken: ct))).ToDictionary(t => t.TableName);

    public static async Task<List<BadValue>> QuarantineAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await c.QueryAsync<BadValue>(new CommandDefinition(
            """SELECT table_name AS "Table", key AS "Key", column_name AS "Column", reason AS "Reason", value AS "Value" FROM taskflow_copy_quarantine ORDER BY id""", cancellationToken: ct))).ToList();

    public static Task FinishAsync(NpgsqlConnection c, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE taskflow_copy_run SET finished_at = now()", cancellationToken: ct));

    /// <summary>An identifier quoted by the PostgreSQL dialect, the one quoter of every statement the copy writes.</summary>
    public static string Quote(string name) => Dialect.Quote(name);

    /// <summary>
    /// The target as the copy connects to it. No statement of a copy has a useful time limit: a child's foreign-key
    /// check waits for its parent's load to commit, and index builds and checks over millions of rows take minutes.
    /// Larger buffers than Npgsql's 8 KB: COPY and the read-back move hundreds of MB in few, larger socket calls and
    /// TLS records.
    /// </summary>
    public TargetDatabase(ConnectionTarget target)
    {
        if (target.Engine != DatabaseEngine.PostgreSql)
            throw new SchemaException($"--to must be a PostgreSQL database, not {target.Display}.");
        Target = target with
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(target.ConnectionString)
            {
                CommandTimeout = 0, WriteBufferSize = 64 * 1024, ReadBufferSize = 64 * 1024,
            }.ConnectionString,
        };
    }

    public ConnectionTarget Target { get; }

    public string Display => Target.Display;

    public async Task<NpgsqlConnection> OpenAsync(Action<string>? warn, CancellationToken ct) =>
        (NpgsqlConnection)await Driver.OpenAsync(Target, warn, ct);

    /// <summary>The copy lock of this database: one copy-data (or sync) at a time; released on dispose or when the process dies.</summary>
    public async Task<IAsyncDisposable> LockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var key = "taskflow-copy-data:" + Target.Database;
        if (!await Driver.TryLockAsync(connection, key, ct))
            throw new SchemaException($"Another copy-data is running into {Display}; wait for it or stop it.");
        return new CopyLock(connection, key);
    }

    private sealed class CopyLock(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await Driver.UnlockAsync(connection, key, CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the server released the lock with it.
            }
        }
    }

    /// <summary>The highest version in the target's history (0 when none).</summary>
    public static async Task<long> AppliedVersionAsync(NpgsqlConnection c, CancellationToken ct) =>
        (await HistoryQueries.ReadIfExistsAsync(Driver, c, ct)).Select(h => h.Version).DefaultIfEmpty(0).Max();

    /// <summary>Empties a table inside its load transaction (what lets the COPY after it write frozen rows).</summary>
    public static Task TruncateAsync(NpgsqlConnection c, NpgsqlTransaction tx, string table, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition($"TRUNCATE {Quote(table)}", transaction: tx, cancellationToken: ct));

    public static Task RecordQuarantineAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<BadValue> bad, CancellationToken ct) =>
        bad.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO taskflow_copy_quarantine (table_name, key, column_name, reason, value) SELECT * FROM unnest(@t, @k, @c, @r, @v)",
            new
            {
                t = bad.Select(b => b.Table).ToArray(), k = bad.Select(b => b.Key).ToArray(), c = bad.Select(b => b.Column).ToArray(),
                r = bad.Select(b => b.Reason).ToArray(), v = bad.Select(b => b.Value).ToArray(),
            }, tx, cancellationToken: ct));

    /// <summary>A live sync applied these rows fine: quarantine records of the same keys no longer hold.</summary>
    public static Task ReleaseQuarantineAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<(string Table, string Key)> rows, CancellationToken ct) =>
        rows.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM taskflow_copy_quarantine q USING unnest(@t, @k) AS x(t, k) WHERE q.table_name = x.t AND q.key = x.k",
            new { t = rows.Select(r => r.Table).ToArray(), k = rows.Select(r => r.Key).ToArray() }, tx, cancellationToken: ct));

    /// <summary>Forgets indexes and foreign keys that are back in place (in the transaction that put them back).</summary>
    public static Task ForgetDeferredAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<string> names, CancellationToken ct) =>
        names.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM taskflow_copy_deferred WHERE name = ANY(@names)", new { names = names.ToArray() }, tx, cancellationToken: ct));

    /// <summary>The identity's next value after the highest key, without computing highest + 1 (which overflows at the type's limit).</summary>
    public static Task RestoreIdentityAsync(NpgsqlConnection c, NpgsqlTransaction tx, string table, string identity, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            $"SELECT setval(pg_get_serial_sequence(@table, @identity), GREATEST(MAX({Quote(identity)}), 1), COALESCE(MAX({Quote(identity)}) >= 1, false)) FROM {Quote(table)}",
            new { table = Quote(table), identity }, tx, cancellationToken: ct));

    /// <summary>The "done" mark of a table, with what its load counted and, when it hashed them, its rows' checksum.</summary>
    public static Task MarkDoneAsync(NpgsqlConnection c, NpgsqlTransaction tx, string table, long read, long written, long quarantined,
        string? maxKey, double seconds, string? checksum, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE taskflow_copy_state SET status = 'done', rows_copied = @written, rows_quarantined = @quarantined, source_rows = @read,
                source_max_key = @maxKey, seconds = @seconds, finished_at = now(), source_checksum = @checksum,
                source_hashed_rows = CASE WHEN @checksum::text IS NULL THEN NULL ELSE @written END, verified = false
            WHERE table_name = @table
            """, new { written, quarantined, read, maxKey, seconds, checksum, table }, tx, cancellationToken: ct));

    /// <summary>
    /// The query PostgreSQL computes a table's digest with (<see cref="RowDigest.Sql"/>): each column as verification reads
    /// it, optionally under <paramref name="alias"/> and only for the rows <paramref name="where"/> selects.
    /// </summary>
    public static string DigestSql(TablePlan plan, string? alias = null, string? where = null)
    {
        var prefix = alias is null ? "" : alias + ".";
        var values = plan.Converters().Select(c => c.TargetExpression(prefix + Quote(c.Column.Name))).ToList();
        return RowDigest.Sql(Quote(plan.Name) + (alias is null ? "" : " " + alias), values, plan.KeyOrdinal, where);
    }

    /// <summary>Records that verification found these tables equal to what their loads read.</summary>
    public static Task MarkVerifiedAsync(NpgsqlConnection c, IReadOnlyList<string> tables, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("UPDATE taskflow_copy_state SET verified = true WHERE table_name = ANY(@tables)",
            new { tables = tables.ToArray() }, cancellationToken: ct));

    /// <summary>Statistics for the planner's first queries on the loaded table.</summary>
    public async Task AnalyzeAsync(string table, CancellationToken ct)
    {
        await using var c = await OpenAsync(null, ct);
        await c.ExecuteAsync(new CommandDefinition($"ANALYZE {Quote(table)}", cancellationToken: ct));
    }
}
