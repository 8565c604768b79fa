using System.Diagnostics;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Loads one table in one target transaction: TRUNCATE, binary COPY of the rows streamed from MySQL,
/// foreign keys checked against the parents already loaded, quarantine rows, identity position and
/// the "done" mark. A kill at any point leaves the table as it was before.
/// </summary>
internal sealed class TableLoader(SourceDatabase source, ConnectionTarget target, ErrorPolicy policy, ICopyProgress progress)
{
    private const int ProgressEvery = 4096;

    public async Task<TableCopyResult> LoadAsync(TablePlan plan, long estimate, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var pg = (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(target, null, ct);
        await using var my = await source.OpenAsync(ct);
        await using var tx = await pg.BeginTransactionAsync(ct);
        await pg.ExecuteAsync(new CommandDefinition($"TRUNCATE {CopyState.Quote(plan.Name)}", transaction: tx, cancellationToken: ct));

        progress.TableStarted("copy", plan.Name, estimate);
        var bad = new List<BadValue>();
        var (read, written, maxKey) = await Task.Run(() => Stream(plan, my, pg, bad, ct), ct);
        var orphans = await RemoveOrphansAsync(pg, tx, plan, ct);
        bad.AddRange(orphans);
        written -= orphans.Count;

        if (bad.Count > 0)
            await pg.ExecuteAsync(new CommandDefinition(
                "INSERT INTO taskflow_copy_quarantine (table_name, key, column_name, reason, value) SELECT * FROM unnest(@t, @k, @c, @r, @v)",
                new
                {
                    t = bad.Select(b => b.Table).ToArray(), k = bad.Select(b => b.Key).ToArray(), c = bad.Select(b => b.Column).ToArray(),
                    r = bad.Select(b => b.Reason).ToArray(), v = bad.Select(b => b.Value).ToArray(),
                }, tx, cancellationToken: ct));
        if (plan.IdentityColumn is { } identity)
            await pg.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence(@table, @identity), COALESCE(MAX({CopyState.Quote(identity)}), 0) + 1, false) FROM {CopyState.Quote(plan.Name)}",
                new { table = CopyState.Quote(plan.Name), identity }, tx, cancellationToken: ct));
        await pg.ExecuteAsync(new CommandDefinition("""
            UPDATE taskflow_copy_state SET status = 'done', rows_copied = @written, rows_quarantined = @quarantined, source_rows = @read,
                source_max_key = @maxKey, seconds = @seconds, finished_at = now()
            WHERE table_name = @table
            """, new { written, quarantined = (long)bad.Count, read, maxKey, seconds = clock.Elapsed.TotalSeconds, table = plan.Name }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        progress.TableFinished("copy", plan.Name, written);
        return new TableCopyResult(plan.Name, written, bad.Count, clock.Elapsed.TotalSeconds, Skipped: false);
    }

    // Synchronous on purpose: one thread per table, no async state machine per value.
    private (long Read, long Written, string? MaxKey) Stream(TablePlan plan, MySqlConnection my, NpgsqlConnection pg, List<BadValue> bad, CancellationToken ct)
    {
        var converters = plan.Converters();
        var keyOrdinal = plan.KeyOrdinal;
        var pauseAfter = CopyTestHook.PauseAfter(plan.Name);
        using var select = SourceDatabase.SelectRows(my, plan, converters);
        using var reader = select.ExecuteReader();
        using var registration = ct.Register(() => select.Cancel());
        long read = 0, written = 0;
        string? key = null;
        var copy = $"COPY {CopyState.Quote(plan.Name)} ({string.Join(", ", plan.Columns.Select(c => CopyState.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        try
        {
            using var importer = pg.BeginBinaryImport(copy);
            while (reader.Read())
            {
                read++;
                key = ColumnConverter.Raw(reader, keyOrdinal) ?? "NULL";
                if (!ReadRow(plan, reader, converters, key, bad))
                    continue;
                importer.StartRow();
                foreach (var converter in converters)
                    converter.Write(importer);
                written++;
                if (written % ProgressEvery == 0)
                    progress.Rows("copy", plan.Name, written);
                if (written == pauseAfter)
                {
                    progress.Info(CopyTestHook.Marker);
                    Thread.Sleep(Timeout.Infinite);
                }
            }
            importer.Complete();
        }
        catch
        {
            // Disposing an unfinished reader would drain the rest of the table first.
            select.Cancel();
            throw;
        }
        return (read, written, key);
    }

    private bool ReadRow(TablePlan plan, MySqlDataReader reader, ColumnConverter[] converters, string key, List<BadValue> bad)
    {
        for (var i = 0; i < converters.Length; i++)
        {
            if (converters[i].TryRead(reader, i, out var reason))
                continue;
            var value = new BadValue(plan.Name, key, converters[i].Column.Name, reason!, BadValue.Show(ColumnConverter.Raw(reader, i)));
            if (policy == ErrorPolicy.Fail)
                throw new BadDataException(value);
            bad.Add(value);
            return false;
        }
        return true;
    }

    // Foreign keys are dropped during the load; a row whose parent was not copied must not stay.
    private async Task<List<BadValue>> RemoveOrphansAsync(NpgsqlConnection pg, NpgsqlTransaction tx, TablePlan plan, CancellationToken ct)
    {
        var removed = new List<BadValue>();
        bool again;
        do
        {
            again = false;
            foreach (var fk in plan.ForeignKeys)
            {
                var child = fk.Columns.Select(c => "c." + CopyState.Quote(c)).ToList();
                var orphan = $"""
                    {string.Join(" AND ", child.Select(c => c + " IS NOT NULL"))}
                    AND NOT EXISTS (SELECT 1 FROM {CopyState.Quote(fk.Parent)} p WHERE {string.Join(" AND ", fk.ParentColumns.Zip(child, (p, c) => $"p.{CopyState.Quote(p)} = {c}"))})
                    """;
                var shown = $"c.{CopyState.Quote(plan.Key)}::text AS key, concat_ws(', ', {string.Join(", ", child.Select(c => c + "::text"))}) AS value";
                var sql = policy == ErrorPolicy.Fail
                    ? $"SELECT {shown} FROM {CopyState.Quote(plan.Name)} c WHERE {orphan} ORDER BY c.{CopyState.Quote(plan.Key)} LIMIT 1"
                    : $"DELETE FROM {CopyState.Quote(plan.Name)} c WHERE {orphan} RETURNING {shown}";
                var rows = (await pg.QueryAsync<(string Key, string Value)>(new CommandDefinition(sql, transaction: tx, cancellationToken: ct))).ToList();
                var reason = $"foreign key {fk.Name}: no {fk.Parent} row with {string.Join(", ", fk.ParentColumns)} = this value was copied (missing or quarantined in the source)";
                foreach (var (key, value) in rows)
                {
                    var item = new BadValue(plan.Name, key, string.Join(", ", fk.Columns), reason, value);
                    if (policy == ErrorPolicy.Fail)
                        throw new BadDataException(item);
                    removed.Add(item);
                }
                // Removing rows can orphan other rows of the same table only through a self-reference.
                again |= rows.Count > 0 && fk.Parent == plan.Name;
            }
        }
        while (again);
        return removed;
    }
}
