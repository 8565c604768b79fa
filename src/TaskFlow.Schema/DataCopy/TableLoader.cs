using System.Diagnostics;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Loads one table in one target transaction: TRUNCATE, binary COPY (FREEZE) of the rows streamed
/// from MySQL, the table's secondary indexes built, its foreign keys added back once the parents have
/// committed (PostgreSQL's own validation is the orphan check), quarantine rows, identity position and
/// the "done" mark. A kill at any point leaves the table as it was before.
/// </summary>
/// <remarks>
/// With <paramref name="hash"/>, the source side of verification is computed here, from the values
/// already read and converted (the verifier's canonical form and <see cref="RowHasher"/>), so the
/// check after the copy only has to read the target.
/// </remarks>
internal sealed class TableLoader(SourceDatabase source, ConnectionTarget target, ErrorPolicy policy, bool hash, ICopyProgress progress,
    IReadOnlyList<CopyState.Deferred> deferred, bool liveSource = false)
{
    private const string ForeignKeyViolation = "23503";
    private const int ProgressEvery = 4096;

    /// <summary>
    /// Loads the table. <paramref name="parentsLoaded"/> is awaited between the COPY (and index builds) and adding the
    /// foreign keys: the rows stream while the parents still load; the keys' validation needs the parents' committed rows.
    /// </summary>
    public async Task<TableCopyResult> LoadAsync(TablePlan plan, long estimate, Func<Task> parentsLoaded, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var pg = (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(target, null, ct);
        await using var my = await source.OpenAsync(ct);
        await using var tx = await pg.BeginTransactionAsync(ct);
        await TargetSession.PrepareLoadAsync(pg, tx, ct);
        // TRUNCATE in this transaction is what lets the COPY below write frozen rows.
        await pg.ExecuteAsync(new CommandDefinition($"TRUNCATE {CopyState.Quote(plan.Name)}", transaction: tx, cancellationToken: ct));

        progress.TableStarted("copy", plan.Name, estimate);
        var bad = new List<BadValue>();
        var (read, written, maxKey, checksum) = await Blocking.RunAsync(() => Stream(plan, my, pg, bad, ct), ct);
        await my.CloseAsync();

        var mine = deferred.Where(d => d.Table == plan.Name).ToList();
        foreach (var index in mine.Where(d => d.Kind == CopyState.IndexKind))
            await pg.ExecuteAsync(new CommandDefinition(index.CreateSql, transaction: tx, cancellationToken: ct));
        await parentsLoaded();
        var orphans = new List<BadValue>();
        // Adding a key locks its parent until this transaction commits; taking the parents in one global order (by name)
        // means two children that share parents can make each other wait, but never deadlock.
        foreach (var fk in mine.Where(d => d.Kind == CopyState.ForeignKeyKind)
                     .OrderBy(d => plan.ForeignKeys.FirstOrDefault(f => f.Name == d.Name)?.Parent, StringComparer.Ordinal)
                     .ThenBy(d => d.Name, StringComparer.Ordinal))
            orphans.AddRange(await AddForeignKeyAsync(pg, tx, plan, fk, ct));
        // On a live source, a row whose parent was written after the parent table was read is itself a captured change:
        // it comes back, with its parent, when the changes are applied.
        var live = liveSource ? orphans.Count : 0;
        if (liveSource)
        {
            if (orphans.Count > 0)
                progress.Info($"{plan.Name}: {orphans.Count} row(s) written after their parent's table was read are left to the captured changes");
        }
        else
        {
            bad.AddRange(orphans);
        }
        written -= orphans.Count;
        // The orphans were hashed before they were found; rather than hash again, leave this table to the two-sided comparison.
        if (orphans.Count > 0)
            checksum = null;

        if (bad.Count > 0)
            await pg.ExecuteAsync(new CommandDefinition(
                "INSERT INTO taskflow_copy_quarantine (table_name, key, column_name, reason, value) SELECT * FROM unnest(@t, @k, @c, @r, @v)",
                new
                {
                    t = bad.Select(b => b.Table).ToArray(), k = bad.Select(b => b.Key).ToArray(), c = bad.Select(b => b.Column).ToArray(),
                    r = bad.Select(b => b.Reason).ToArray(), v = bad.Select(b => b.Value).ToArray(),
                }, tx, cancellationToken: ct));
        if (mine.Count > 0)
            await pg.ExecuteAsync(new CommandDefinition("DELETE FROM taskflow_copy_deferred WHERE name = ANY(@names)",
                new { names = mine.Select(d => d.Name).ToArray() }, tx, cancellationToken: ct));
        if (plan.IdentityColumn is { } identity)
            await pg.ExecuteAsync(new CommandDefinition(
                // The next value after the highest key, without computing highest + 1 (which overflows at the type's limit).
                $"SELECT setval(pg_get_serial_sequence(@table, @identity), GREATEST(MAX({CopyState.Quote(identity)}), 1), COALESCE(MAX({CopyState.Quote(identity)}) >= 1, false)) FROM {CopyState.Quote(plan.Name)}",
                new { table = CopyState.Quote(plan.Name), identity }, tx, cancellationToken: ct));
        await pg.ExecuteAsync(new CommandDefinition("""
            UPDATE taskflow_copy_state SET status = 'done', rows_copied = @written, rows_quarantined = @quarantined, source_rows = @read,
                source_max_key = @maxKey, seconds = @seconds, finished_at = now(), source_checksum = @checksum,
                source_hashed_rows = CASE WHEN @checksum::text IS NULL THEN NULL ELSE @written END
            WHERE table_name = @table
            """, new { written, quarantined = (long)bad.Count, read, maxKey, seconds = clock.Elapsed.TotalSeconds, checksum, table = plan.Name },
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        progress.TableFinished("copy", plan.Name, written);
        return new TableCopyResult(plan.Name, written, bad.Count, clock.Elapsed.TotalSeconds, Skipped: false) { LiveOrphans = live };
    }

    /// <summary>ANALYZE of a loaded table, in a session of its own after the load committed.</summary>
    public async Task AnalyzeAsync(TablePlan plan, CancellationToken ct)
    {
        await using var pg = (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(target, null, ct);
        await pg.ExecuteAsync(new CommandDefinition($"ANALYZE {CopyState.Quote(plan.Name)}", cancellationToken: ct));
    }

    // Synchronous on purpose: one thread per table, no async state machine per value.
    private (long Read, long Written, string? MaxKey, string? Checksum) Stream(TablePlan plan, MySqlConnection my, NpgsqlConnection pg,
        List<BadValue> bad, CancellationToken ct)
    {
        var converters = plan.Converters();
        var hasher = hash ? new RowHasher() : null;
        var canonical = new string?[converters.Length];
        var keyOrdinal = plan.KeyOrdinal;
        var pauseAfter = CopyTestHook.PauseAfter(plan.Name);
        using var select = SourceDatabase.SelectRows(my, plan, converters);
        using var reader = select.ExecuteReader();
        using var registration = ct.Register(() => select.Cancel());
        long read = 0, written = 0;
        string? key = null;
        var copy = $"COPY {CopyState.Quote(plan.Name)} ({string.Join(", ", plan.Columns.Select(c => CopyState.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY, FREEZE)";
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
                for (var i = 0; i < converters.Length; i++)
                    converters[i].Write(importer);
                if (hasher is not null)
                {
                    for (var i = 0; i < converters.Length; i++)
                        canonical[i] = converters[i].Canonical();
                    hasher.Add(canonical);
                }
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
        return (read, written, key, hasher?.Finish());
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

    /// <summary>
    /// Adds a foreign key back, which makes PostgreSQL check every row against the parent (committed before this point).
    /// Only when that check fails are the orphans looked for: under fail the first one stops the copy; under quarantine
    /// they are deleted, returned for the quarantine, and the key added again.
    /// </summary>
    private async Task<List<BadValue>> AddForeignKeyAsync(NpgsqlConnection pg, NpgsqlTransaction tx, TablePlan plan, CopyState.Deferred fk,
        CancellationToken ct)
    {
        var add = fk.CreateSql;
        await tx.SaveAsync("foreign_key", ct);
        try
        {
            await pg.ExecuteAsync(new CommandDefinition(add, transaction: tx, cancellationToken: ct));
            await tx.ReleaseAsync("foreign_key", ct);
            return [];
        }
        catch (PostgresException e) when (e.SqlState == ForeignKeyViolation)
        {
            await tx.RollbackAsync("foreign_key", ct);
        }
        var key = plan.ForeignKeys.FirstOrDefault(f => f.Name == fk.Name)
            ?? throw new SchemaException($"Foreign key {fk.Name} of {plan.Name} is not in the target's catalog.");
        var removed = await RemoveOrphansAsync(pg, tx, plan, key, ct);
        await pg.ExecuteAsync(new CommandDefinition(add, transaction: tx, cancellationToken: ct));
        return removed;
    }

    // A row whose parent was not copied (missing in the source, or quarantined) must not stay.
    private async Task<List<BadValue>> RemoveOrphansAsync(NpgsqlConnection pg, NpgsqlTransaction tx, TablePlan plan, ForeignKey fk, CancellationToken ct)
    {
        var removed = new List<BadValue>();
        var child = fk.Columns.Select(c => "c." + CopyState.Quote(c)).ToList();
        var orphan = $"""
            {string.Join(" AND ", child.Select(c => c + " IS NOT NULL"))}
            AND NOT EXISTS (SELECT 1 FROM {CopyState.Quote(fk.Parent)} p WHERE {string.Join(" AND ", fk.ParentColumns.Zip(child, (p, c) => $"p.{CopyState.Quote(p)} = {c}"))})
            """;
        var shown = $"c.{CopyState.Quote(plan.Key)}::text AS key, concat_ws(', ', {string.Join(", ", child.Select(c => c + "::text"))}) AS value";
        var sql = policy == ErrorPolicy.Fail && !liveSource
            ? $"SELECT {shown} FROM {CopyState.Quote(plan.Name)} c WHERE {orphan} ORDER BY c.{CopyState.Quote(plan.Key)} LIMIT 1"
            : $"DELETE FROM {CopyState.Quote(plan.Name)} c WHERE {orphan} RETURNING {shown}";
        var reason = $"foreign key {fk.Name}: no {fk.Parent} row with {string.Join(", ", fk.ParentColumns)} = this value was copied (missing or quarantined in the source)";
        int found;
        do
        {
            // Removing rows can orphan other rows of the same table only through a self-reference.
            var rows = (await pg.QueryAsync<(string Key, string Value)>(new CommandDefinition(sql, transaction: tx, cancellationToken: ct))).ToList();
            foreach (var (key, value) in rows)
            {
                var item = new BadValue(plan.Name, key, string.Join(", ", fk.Columns), reason, value);
                if (policy == ErrorPolicy.Fail && !liveSource)
                    throw new BadDataException(item);
                removed.Add(item);
            }
            found = rows.Count;
        }
        while (found > 0 && fk.Parent == plan.Name);
        return removed;
    }
}
