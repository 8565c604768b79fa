using System.Data.Common;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>
/// MySQL to PostgreSQL: rows re-read from MySQL go through the copy's converters (same checks, same --on-error policy)
/// into a temporary table by binary COPY, then <c>INSERT ... ON CONFLICT (key) DO UPDATE</c> into the table.
/// </summary>
internal sealed class PostgreSqlChangeApplier(IChangeCapture source, IChangeCapture target, IReadOnlyList<SyncTable> tables, ErrorPolicy policy)
    : ChangeApplier(source, target, tables)
{
    private readonly List<BadValue> _bad = [];
    private readonly List<(string Table, string Key)> _good = [];

    /// <summary>Rows set aside under --on-error quarantine by the last batch (recorded in taskflow_copy_quarantine with it).</summary>
    public override IReadOnlyList<BadValue> Quarantined => _bad;

    public override async Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct) =>
        await TargetDatabase.QuarantineAsync((NpgsqlConnection)target, ct);

    protected override async Task<HashSet<string>> StageAsync(DbConnection sourceConnection, DbTransaction snapshot, DbConnection targetConnection,
        DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var my = (MySqlConnection)sourceConnection;
        var pg = (NpgsqlConnection)targetConnection;
        var plan = table.Plan;
        var stage = Stage(table);
        await pg.ExecuteAsync(new CommandDefinition($"CREATE TEMP TABLE {stage} (LIKE {Q(plan.Name)}) ON COMMIT DROP", transaction: tx, cancellationToken: ct));
        var converters = plan.Converters();
        using var select = new MySqlCommand(
            $"SELECT {string.Join(", ", converters.Select(c => c.SourceExpression(SourceDatabase.Quote(c.Column.Name))))} FROM {SourceDatabase.Quote(plan.Name)} " +
            $"WHERE {SourceDatabase.Quote(plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})", my, (MySqlTransaction)snapshot);
        for (var i = 0; i < keys.Count; i++)
            select.Parameters.AddWithValue("@k" + i, keys[i]);
        var copy = $"COPY {stage} ({string.Join(", ", plan.Columns.Select(c => Q(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        return await Blocking.RunAsync(() =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            using var reader = select.ExecuteReader();
            using var importer = pg.BeginBinaryImport(copy);
            while (reader.Read())
            {
                var key = ColumnConverter.Raw(reader, plan.KeyOrdinal)!;
                var ok = true;
                for (var i = 0; i < converters.Length && ok; i++)
                {
                    if (converters[i].TryRead(reader, i, out var reason))
                        continue;
                    var bad = new BadValue(plan.Name, key, converters[i].Column.Name, reason!, BadValue.Show(ColumnConverter.Raw(reader, i)));
                    if (policy == ErrorPolicy.Fail)
                        throw new BadDataException(bad);
                    // Quarantined: recorded with the batch; the target keeps the version it has (a new row stays absent).
                    _bad.Add(bad);
                    ok = false;
                }
                if (!ok)
                    continue;
                importer.StartRow();
                foreach (var converter in converters)
                    converter.Write(importer);
                found.Add(key);
                _good.Add((plan.Name, key));
            }
            importer.Complete();
            return found;
        }, ct);
    }

    protected override bool Held(string table, string key) => _bad.Any(b => b.Table == table && b.Key == key);

    protected override void BeginBatch()
    {
        _bad.Clear();
        _good.Clear();
    }

    protected override Task MoveKeyAsync(DbConnection target, DbTransaction tx, SyncTable table, string oldKey, string newKey, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(table.Name)} SET {Q(table.Plan.Key)} = CAST(@newKey AS {table.KeyType}) WHERE {Q(table.Plan.Key)} = CAST(@oldKey AS {table.KeyType}) " +
            $"AND NOT EXISTS (SELECT 1 FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} = CAST(@newKey AS {table.KeyType}))",
            new { oldKey, newKey }, tx, cancellationToken: ct));

    protected override Task DeleteAsync(DbConnection target, DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", new { keys = keys.ToArray() }, tx,
            cancellationToken: ct));

    protected override Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        var plan = table.Plan;
        var columns = string.Join(", ", plan.Columns.Select(c => Q(c.Name)));
        var updates = string.Join(", ", plan.Columns.Where(c => c.Name != plan.Key).Select(c => $"{Q(c.Name)} = EXCLUDED.{Q(c.Name)}"));
        var overriding = plan.IdentityColumn is null ? "" : " OVERRIDING SYSTEM VALUE";
        return target.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Q(plan.Name)} ({columns}){overriding} SELECT {columns} FROM {Stage(table)} ORDER BY {Q(plan.Key)} " +
            $"ON CONFLICT ({Q(plan.Key)}) DO " + (updates.Length == 0 ? "NOTHING" : "UPDATE SET " + updates),
            transaction: tx, cancellationToken: ct));
    }

    // A row copied (or synced) fine is no longer quarantined; a row that cannot be converted is, with this batch.
    protected override async Task AfterBatchAsync(DbConnection target, DbTransaction tx, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)target;
        var npgsqlTx = (NpgsqlTransaction)tx;
        await TargetDatabase.ReleaseQuarantineAsync(pg, npgsqlTx, _good.Concat(_bad.Select(b => (b.Table, b.Key))).ToList(), ct);
        await TargetDatabase.RecordQuarantineAsync(pg, npgsqlTx, _bad, ct);
    }

    private static string Stage(SyncTable table) => Q("taskflow_sync_stage_" + table.Name);

    private static string Q(string name) => TargetDatabase.Quote(name);
}
