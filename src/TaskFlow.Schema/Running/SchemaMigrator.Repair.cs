using System.Diagnostics;
using Dapper;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Running;

public sealed partial class SchemaMigrator
{
    /// <summary>
    /// Fixes the history after a migration failed or its process died part-way (MySQL: DDL auto-commits).
    /// It replays the migration statement by statement on a shadow database to find how much of it the live
    /// schema has: all of it (the record is completed), none (the record is removed), or the first k
    /// statements (half-done: explained, or with <paramref name="resume"/> the remaining statements are run).
    /// </summary>
    public async Task<RepairResult> RepairAsync(bool resume, CancellationToken cancellationToken)
    {
        await using var schemaLock = await SchemaLock.AcquireAsync(_driver, _target, LockTimeout, _log, cancellationToken);
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        var history = await HistoryQueries.ReadIfExistsAsync(_driver, connection, cancellationToken);
        var unfinished = history.Where(h => h.State != HistoryTable.Applied).ToList();
        if (unfinished.Count == 0)
            return new RepairResult(true, $"Nothing to repair: every migration recorded on {_target.Display} is applied.", []);
        if (unfinished.Count > 1)
            throw new SchemaException($"Several migrations are unfinished ({string.Join(", ", unfinished.Select(u => u.Version))}): repair handles one; fix the history by hand.");
        var row = unfinished[0];
        var known = _renderer.Migrations.ToDictionary(m => m.Version);
        RenderedMigration Known(HistoryRow h) => known.TryGetValue(h.Version, out var info)
            ? _renderer.Render(info)
            : throw new SchemaException($"Migration {h.Version} ({h.Description}) is recorded but this version of the tool does not know it: repair with the tool that applied it.");
        var migration = Known(row);
        var before = history.Where(h => h.State == HistoryTable.Applied && h.Version < row.Version).Select(Known).ToList();

        var live = await DialectRegistry.Inspector(_target.Engine).InspectAsync(connection, cancellationToken);
        var afterStatements = await ReplayAsync(before, migration, cancellationToken);
        var n = migration.Up.Count;
        // Steps are told apart by names too where the names match at all (a database the migrations made): creating an
        // index can replace the one MySQL made for a foreign key, the same in meaning under another name. An adopted
        // database keeps collation notes forever, so there only the meaning can match.
        var comparisons = afterStatements.Select(live.CompareWith).ToList();
        var exact = Enumerable.Range(0, comparisons.Count).Where(k => comparisons[k].Differences.Count == 0).ToList();
        var matching = exact.Count > 0 ? exact : Enumerable.Range(0, comparisons.Count).Where(k => comparisons[k].Blocking.Count == 0).ToList();
        // A failed statement did not run (each statement is atomic): the record says where the migration stopped.
        var recordedStop = row.State == HistoryTable.Failed && row.FailedStatement is { } failed ? IndexOf(migration.Up, failed) : -1;
        int? done = row.StatementsDone is { } noted
            ? Placed(noted, migration, matching, k => comparisons[k].Differences.Count)
            : matching.Count == 1 ? matching[0] : matching.Contains(recordedStop) ? recordedStop : null;
        var name = $"Migration {migration.Version} ({migration.Description}), recorded as {row.State},";

        if (done == n)
        {
            await RecordAsync(connection, null, migration, HistoryTable.Applied, row.DurationMs, null, null, cancellationToken);
            return new RepairResult(true, $"{name} is complete in the live schema: recorded as applied.", []);
        }
        if (done == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(HistoryQueries.Delete, new { version = row.Version }, cancellationToken: cancellationToken));
            return new RepairResult(true, $"{name} left no change in the live schema: its record is removed and `up` will apply it again.", []);
        }
        if (done is { } k)
        {
            if (!resume)
                return new RepairResult(false,
                    $"{name} is half-done: statements 1-{k} of {n} ran, statements {k + 1}-{n} did not.",
                    [
                        $"next statement ({k + 1}): {MigrationFailedException.Shorten(migration.Up[k])}" +
                            (afterStatements.Count == k + 1 ? " (it fails on a fresh shadow database too: fix the migration or the data it needs first)" : ""),
                        $"to finish it, fix the cause of the failure if there was one, then run `taskflow-schema repair --resume` (runs statements {k + 1}-{n} and records it applied)",
                        "to go back instead, undo statements 1-" + k + " by hand and run `taskflow-schema repair` again",
                    ]);
            await ResumeAsync(connection, migration, k, cancellationToken);
            return new RepairResult(true, $"{name} was half-done after statement {k} of {n}: statements {k + 1}-{n} were run and it is recorded as applied.", []);
        }
        if (matching.Count > 1)
            return new RepairResult(false,
                $"{name} cannot be placed: the live schema is what it looks like after each of statements {string.Join(", ", matching)} of {n}, " +
                "because the statements between them change only data. Check by hand which of them ran, finish or undo them, then fix the history row.",
                matching.Skip(1).Select(i => $"statement {i}: {MigrationFailedException.Shorten(migration.Up[i - 1])}").ToList());
        var closest = Enumerable.Range(0, afterStatements.Count).MinBy(i => live.DifferencesFrom(afterStatements[i]).Count);
        return new RepairResult(false,
            $"{name} does not match the schema before it, after it, or after any of its {n} statements: something else changed the schema. " +
            $"Closest: after statement {closest} of {n}; the differences from that are listed. Fix the schema by hand, then run `taskflow-schema repair` again.",
            live.DifferencesFrom(afterStatements[closest]));
    }

    // The row noted that `noted` statements ran. The next one may have run too when it cannot share a transaction with
    // the note (DDL commits by itself): then the live schema decides, and where it cannot tell, the comparison that
    // also counts comments and names. Data statements and comment-only ones are never a question: they commit with the note.
    private int? Placed(int noted, RenderedMigration migration, List<int> matching, Func<int, int> strictDifferences)
    {
        var candidates = new List<int> { noted };
        if (noted < migration.Up.Count && !_driver.SharesTransaction(StatementText.LeadingKeywords(migration.Up[noted])))
            candidates.Add(noted + 1);
        var possible = candidates.Where(matching.Contains).ToList();
        return possible.Count switch
        {
            0 => null,
            1 => possible[0],
            _ => possible.MinBy(strictDifferences),
        };
    }

    // The schema after 0, 1, ... n statements of the migration, on top of the migrations before it; shorter when
    // a statement fails on the shadow too (a data statement needing rows it lacks): what follows cannot be known.
    private async Task<List<SchemaSnapshot>> ReplayAsync(IReadOnlyList<RenderedMigration> before, RenderedMigration migration, CancellationToken cancellationToken)
    {
        await using var shadow = await ShadowDatabase.CreateAsync(_target, ShadowServer, _log, cancellationToken);
        await shadow.ApplyAsync(before, cancellationToken);
        var snapshots = new List<SchemaSnapshot> { await shadow.InspectAsync(cancellationToken) };
        for (var i = 0; i < migration.Up.Count; i++)
        {
            try
            {
                await shadow.ExecuteAsync(migration, i, cancellationToken);
            }
            catch (SchemaException e)
            {
                _log.Warn(e.Message);
                break;
            }
            snapshots.Add(await shadow.InspectAsync(cancellationToken));
        }
        return snapshots;
    }

    private async Task ResumeAsync(System.Data.Common.DbConnection connection, RenderedMigration migration, int done, CancellationToken cancellationToken)
    {
        _log.Info($"Resuming {migration.Version}: {migration.Description} at statement {done + 1} of {migration.Up.Count}");
        var clock = Stopwatch.StartNew();
        await RecordAsync(connection, null, migration, HistoryTable.InProgress, null, null, HistoryRow.Progress(done, migration.Up.Count), cancellationToken);
        try
        {
            await RunStatementsAsync(connection, null, migration, migration.Up, cancellationToken, first: done, recordProgress: true);
        }
        catch (MigrationFailedException e)
        {
            await RecordAsync(connection, null, migration, HistoryTable.Failed, clock.ElapsedMilliseconds, e.Statement,
                e.InnerException?.Message ?? e.Message, CancellationToken.None);
            throw;
        }
        await RecordAsync(connection, null, migration, HistoryTable.Applied, clock.ElapsedMilliseconds, null, null, cancellationToken);
    }

    private static int IndexOf(IReadOnlyList<string> statements, string statement)
    {
        for (var i = 0; i < statements.Count; i++)
            if (statements[i] == statement)
                return i;
        return -1;
    }
}
