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
/// into a temporary table by binary COPY, then <c>INSERT ... ON CONFLICT (key) DO UPDATE</c> into the table. Quarantined
/// rows are recorded in the copy's <c>taskflow_copy_quarantine</c>.
/// </summary>
internal sealed class PostgreSqlChangeApplier(IChangeCapture source, IChangeCapture target, IReadOnlyList<SyncTable> tables, ErrorPolicy policy)
    : ChangeApplier(source, target, tables, policy)
{
    // The stages of the batch's transaction (dropped with its commit or rollback).
    private readonly HashSet<string> _staged = new(StringComparer.Ordinal);

    protected override Task BeginBatchAsync(DbConnection target, CancellationToken ct)
    {
        _staged.Clear();
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct) =>
        await TargetDatabase.QuarantineAsync((NpgsqlConnection)target, ct);

    protected override async Task<HashSet<string>> StageAsync(DbConnection sourceConnection, DbTransaction snapshot, DbConnection targetConnection,
        DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var my = (MySqlConnection)sourceConnection;
        var pg = (NpgsqlConnection)targetConnection;
        var plan = table.Plan;
        var stage = Stage(table);
        // A batch that takes in more rows stages the table again (pg_temp: never a table of the schema by that name). Only
        // then is there one to drop: DROP TABLE IF EXISTS before the session's first temporary table prints a notice.
        await pg.ExecuteAsync(new CommandDefinition((_staged.Add(stage) ? "" : $"DROP TABLE pg_temp.{stage}; ") +
            $"CREATE TEMP TABLE {stage} (LIKE {Q(plan.Name)}) ON COMMIT DROP", transaction: tx, cancellationToken: ct));
        var converters = plan.Converters();
        using var select = new MySqlCommand(
            $"SELECT {SourceDatabase.SelectList(plan, converters)} FROM {SourceDatabase.Quote(plan.Name)} " +
            $"WHERE {SourceDatabase.Quote(plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})", my, (MySqlTransaction)snapshot);
        for (var i = 0; i < keys.Count; i++)
            select.Parameters.AddWithValue("@k" + i, keys[i]);
        var copy = $"COPY {stage} ({string.Join(", ", plan.Columns.Select(c => Q(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        return await Blocking.RunAsync(() =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            using var reader = select.ExecuteReader();
            using var writer = BinaryCopyWriter.Begin(pg, copy);
            while (reader.Read())
            {
                var key = ColumnConverter.Raw(reader, plan.KeyOrdinal)!;
                var ok = true;
                for (var i = 0; i < converters.Length && ok; i++)
                {
                    if (converters[i].TryRead(reader, i, out var reason))
                        continue;
                    // Quarantined: recorded with the batch; the target keeps the version it has (a new row stays absent).
                    Reject(new BadValue(plan.Name, key, converters[i].Column.Name, reason!, BadValue.Show(ColumnConverter.Raw(reader, i))));
                    ok = false;
                }
                if (!ok)
                    continue;
                writer.StartRow(converters.Length);
                foreach (var converter in converters)
                    converter.Write(writer);
                found.Add(key);
            }
            writer.Complete();
            return found;
        }, ct);
    }

    // A key PostgreSQL cannot hold names no row here: there is nothing to move from it, and a row moved to it is quarantined.
    protected override Task MoveKeyAsync(DbConnection target, DbTransaction tx, SyncTable table, string oldKey, string newKey, CancellationToken ct) =>
        !table.CanHold(oldKey) || !table.CanHold(newKey) ? Task.CompletedTask : target.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Q(table.Name)} SET {Q(table.Plan.Key)} = CAST(@newKey AS {table.KeyType}) WHERE {Q(table.Plan.Key)} = CAST(@oldKey AS {table.KeyType}) " +
            $"AND NOT EXISTS (SELECT 1 FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} = CAST(@newKey AS {table.KeyType}))",
            new { oldKey, newKey }, tx, cancellationToken: ct));

    protected override Task DeleteAsync(DbConnection target, DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {Q(table.Name)} WHERE {Q(table.Plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", new { keys = table.OnTarget(keys) }, tx,
            cancellationToken: ct));

    protected override async Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        await RejectOrphansAsync(target, tx, table, ct);
        await UpsertStagedAsync(target, tx, table, ct);
    }

    // A row whose parent PostgreSQL does not hold (written on MySQL with foreign_key_checks off, or its parent quarantined) is a
    // bad row by its key, as in the copy: set aside under quarantine, named under fail, never a unique violation of the batch.
    // Parents come first in the batch, so a parent this batch wrote is in its table already; a table's own rows may be its parents.
    private async Task RejectOrphansAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        var plan = table.Plan;
        foreach (var fk in plan.ForeignKeys)
        {
            var pairs = fk.Columns.Zip(fk.ParentColumns).ToList();
            var matches = string.Join(" AND ", pairs.Select(p => $"p.{Q(p.Second)} = s.{Q(p.First)}"));
            var inStage = fk.Parent == plan.Name ? $" AND NOT EXISTS (SELECT 1 FROM {Stage(table)} p WHERE {matches})" : "";
            var orphans = (await target.QueryAsync<(string Key, string Value)>(new CommandDefinition(
                $"SELECT CAST(s.{Q(plan.Key)} AS text), concat_ws(', ', {string.Join(", ", fk.Columns.Select(c => $"CAST(s.{Q(c)} AS text)"))}) " +
                $"FROM {Stage(table)} s WHERE {string.Join(" AND ", fk.Columns.Select(c => $"s.{Q(c)} IS NOT NULL"))} " +
                $"AND NOT EXISTS (SELECT 1 FROM {Q(fk.Parent)} p WHERE {matches}){inStage}", transaction: tx, cancellationToken: ct))).ToList();
            if (orphans.Count == 0)
                continue;
            foreach (var (key, value) in orphans)
                Reject(new BadValue(plan.Name, key, string.Join(", ", fk.Columns),
                    $"foreign key {fk.Name}: no {fk.Parent} row with {string.Join(", ", fk.ParentColumns)} = this value is in the target (missing or quarantined in the source)",
                    BadValue.Show(value)));
            await target.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {Stage(table)} WHERE CAST({Q(plan.Key)} AS text) = ANY(@keys)", new { keys = orphans.Select(o => o.Key).ToArray() }, tx,
                cancellationToken: ct));
        }
    }

    private Task UpsertStagedAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
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

    protected override async Task RecordQuarantineAsync(DbConnection target, DbTransaction tx, IReadOnlyList<(string Table, string Key)> release,
        IReadOnlyList<BadValue> bad, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)target;
        var npgsqlTx = (NpgsqlTransaction)tx;
        await TargetDatabase.ReleaseQuarantineAsync(pg, npgsqlTx, release, ct);
        await TargetDatabase.RecordQuarantineAsync(pg, npgsqlTx, bad, ct);
    }

    protected override string Quote(string name) => Q(name);

    protected override string AsText(string expression) => $"CAST({expression} AS text)";

    protected override string Differs(string left, string right) => $"{left} IS DISTINCT FROM {right}";

    protected override string UpdateFromStage(SyncTable table, IEnumerable<(string Column, string Value)> set, string condition) =>
        $"UPDATE {Q(table.Name)} AS t SET {string.Join(", ", set.Select(s => $"{Q(s.Column)} = {s.Value}"))} FROM {Stage(table)} AS s " +
        $"WHERE t.{Q(table.Plan.Key)} = s.{Q(table.Plan.Key)} AND ({condition})";

    protected override string DeleteStaged(SyncTable table, string condition) =>
        $"DELETE FROM {Q(table.Name)} AS t USING {Stage(table)} AS s WHERE t.{Q(table.Plan.Key)} = s.{Q(table.Plan.Key)} AND ({condition})";

    private static string Q(string name) => TargetDatabase.Quote(name);
}
