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
/// already read and converted (the verifier's canonical form and <see cref="RowDigest"/>), so the
/// check after the copy only has to read the target.
/// </remarks>
internal sealed class TableLoader(SourceDatabase source, TargetDatabase target, ErrorPolicy policy, bool hash, ICopyProgress progress,
    IReadOnlyList<TargetDatabase.Deferred> deferred, CopyTestHook? testHook = null, bool liveSource = false)
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
        await using var pg = await target.OpenAsync(null, ct);
        await using var my = await source.OpenAsync(ct);
        await using var tx = await pg.BeginTransactionAsync(ct);
        await TargetSession.PrepareLoadAsync(pg, tx, ct);
        // TRUNCATE in this transaction is what lets the COPY below write frozen rows.
        await TargetDatabase.TruncateAsync(pg, tx, plan.Name, ct);

        progress.TableStarted("copy", plan.Name, estimate);
        var bad = new List<BadValue>();
        var (read, written, maxKey, digest) = await Blocking.RunAsync(() => Stream(plan, my, pg, bad, ct), ct);
        await my.CloseAsync();

        var mine = deferred.Where(d => d.Table == plan.Name).ToList();
        foreach (var index in mine.Where(d => d.Kind == TargetDatabase.IndexKind))
            await pg.ExecuteAsync(new CommandDefinition(index.CreateSql, transaction: tx, cancellationToken: ct));
        await parentsLoaded();
        var orphans = new List<BadValue>();
        // Adding a key locks its parent until this transaction commits; taking the parents in one global order (by name)
        // means two children that share parents can make each other wait, but never deadlock.
        foreach (var fk in mine.Where(d => d.Kind == TargetDatabase.ForeignKeyKind)
                     .OrderBy(d => plan.ForeignKeys.FirstOrDefault(f => f.Name == d.Name)?.Parent, StringComparer.Ordinal)
                     .ThenBy(d => d.Name, StringComparer.Ordinal))
            orphans.AddRange(await AddForeignKeyAsync(pg, tx, plan, fk, digest, ct));
        // On a live source, a row whose parent was written after the parent table was read is itself a captured change:
        // it comes back, with its parent, when the changes are applied.
        if (!liveSource)
            bad.AddRange(orphans);
        else if (orphans.Count > 0)
            progress.Info($"{plan.Name}: {orphans.Count} row(s) written after their parent's table was read are left to the captured changes");
        written -= orphans.Count;
        var checksum = digest?.Finish();

        await TargetDatabase.RecordQuarantineAsync(pg, tx, bad, ct);
        await TargetDatabase.ForgetDeferredAsync(pg, tx, mine.Select(d => d.Name).ToList(), ct);
        if (plan.IdentityColumn is { } identity)
            await TargetDatabase.RestoreIdentityAsync(pg, tx, plan.Name, identity, ct);
        await TargetDatabase.MarkDoneAsync(pg, tx, plan.Name, read, written, bad.Count, maxKey, clock.Elapsed.TotalSeconds, checksum, ct);
        await tx.CommitAsync(ct);
        progress.TableFinished("copy", plan.Name, written);
        return new TableCopyResult(plan.Name, written, bad.Count, clock.Elapsed.TotalSeconds, Skipped: false);
    }

    // Synchronous on purpose: one thread per table, no async state machine per value.
    private (long Read, long Written, string? MaxKey, RowDigest? Digest) Stream(TablePlan plan, MySqlConnection my, NpgsqlConnection pg,
        List<BadValue> bad, CancellationToken ct)
    {
        var converters = plan.Converters();
        var hasher = hash ? new RowDigest(plan.KeyOrdinal) : null;
        var keyOrdinal = plan.KeyOrdinal;
        var pauseAfter = testHook?.PauseAfter(plan.Name) ?? -1;
        using var select = SourceDatabase.SelectRows(my, plan, converters);
        using var reader = select.ExecuteReader();
        using var registration = ct.Register(() => select.Cancel());
        long read = 0, written = 0;
        string? key = null;
        var copy = $"COPY {TargetDatabase.Quote(plan.Name)} ({string.Join(", ", plan.Columns.Select(c => TargetDatabase.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY, FREEZE)";
        try
        {
            using var writer = BinaryCopyWriter.Begin(pg, copy);
            while (reader.Read())
            {
                read++;
                key = ColumnConverter.Raw(reader, keyOrdinal) ?? "NULL";
                if (!ReadRow(plan, reader, converters, key, bad))
                    continue;
                writer.StartRow(converters.Length);
                for (var i = 0; i < converters.Length; i++)
                    converters[i].Write(writer);
                hasher?.Add(converters);
                written++;
                if (written % ProgressEvery == 0)
                    progress.Rows("copy", plan.Name, written);
                if (written == pauseAfter)
                {
                    progress.Info(CopyTestHook.Marker);
                    Thread.Sleep(Timeout.Infinite);
                }
            }
            writer.Complete();
        }
        catch
        {
            // Disposing an unfinished reader would drain the rest of the table first.
            select.Cancel();
            throw;
        }
        return (read, written, key, hasher);
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
    private async Task<List<BadValue>> AddForeignKeyAsync(NpgsqlConnection pg, NpgsqlTransaction tx, TablePlan plan, TargetDatabase.Deferred fk,
        RowDigest? digest, CancellationToken ct)
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
        var orphans = await RemoveOrphansAsync(pg, tx, plan, key, digest, ct);
        await pg.ExecuteAsync(new CommandDefinition(add, transaction: tx, cancellationToken: ct));
        return orphans;
    }

    // A row whose parent was not copied (missing in the source, or quarantined) must not stay.
    private async Task<List<BadValue>> RemoveOrphansAsync(NpgsqlConnection pg, NpgsqlTransaction tx, TablePlan plan, ForeignKey fk, RowDigest? digest,
        CancellationToken ct)
    {
        var removed = new List<BadValue>();
        var child = fk.Columns.Select(c => "c." + TargetDatabase.Quote(c)).ToList();
        var orphan = $"""
            {string.Join(" AND ", child.Select(c => c + " IS NOT NULL"))}
            AND NOT EXISTS (SELECT 1 FROM {TargetDatabase.Quote(fk.Parent)} p WHERE {string.Join(" AND ", fk.ParentColumns.Zip(child, (p, c) => $"p.{TargetDatabase.Quote(p)} = {c}"))})
            """;
        var shown = $"c.{TargetDatabase.Quote(plan.Key)}::text AS key, concat_ws(', ', {string.Join(", ", child.Select(c => c + "::text"))}) AS value";
        var sql = policy == ErrorPolicy.Fail && !liveSource
            ? $"SELECT {shown} FROM {TargetDatabase.Quote(plan.Name)} c WHERE {orphan} ORDER BY c.{TargetDatabase.Quote(plan.Key)} LIMIT 1"
            : $"DELETE FROM {TargetDatabase.Quote(plan.Name)} c WHERE {orphan} RETURNING {shown}";
        var reason = $"foreign key {fk.Name}: no {fk.Parent} row with {string.Join(", ", fk.ParentColumns)} = this value was copied (missing or quarantined in the source)";
        var digestSql = TargetDatabase.DigestSql(plan, "c", orphan);
        int found;
        do
        {
            // The orphans were hashed as they were loaded; what they contributed, as the target holds them, is taken out again.
            if (digest is not null && (policy != ErrorPolicy.Fail || liveSource))
            {
                var (count, sum) = await pg.QuerySingleAsync<(long, long)>(new CommandDefinition(digestSql, transaction: tx, cancellationToken: ct));
                digest.Remove(count, unchecked((ulong)sum));
            }
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
