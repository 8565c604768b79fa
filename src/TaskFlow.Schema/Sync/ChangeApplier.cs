using System.Data.Common;
using Dapper;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// Applies captured changes in batches. Per batch: in one snapshot of the source, read up to N change rows and the
/// current rows of the keys they name; then, in one target transaction, move changed keys, delete the keys the
/// source no longer has (children before parents: the target's own foreign-key actions cascade as the source's did),
/// upsert the rows it has (parents before children), record the keys and the progress; commit; only then delete the
/// processed change rows by id. A kill anywhere repeats at most that batch, and applying a batch again gives the same
/// rows: the apply writes the rows' current state, not the operations.
/// </summary>
internal abstract class ChangeApplier(IChangeCapture sourceCapture, IChangeCapture targetCapture, IReadOnlyList<SyncTable> tables)
{
    private int _batches;

    /// <summary>The kill tests' pause after this many batches (<see cref="SyncTestHook"/>; -1: never).</summary>
    public int PauseAfterBatch { get; set; } = -1;

    /// <summary>Where the test hook announces its pause.</summary>
    public Action<string>? OnPause { get; set; }

    /// <summary>Rows set aside under --on-error quarantine by the last batch (recorded on the target with it).</summary>
    public virtual IReadOnlyList<BadValue> Quarantined => [];

    /// <summary>Every quarantine record the target holds (what the quarantine file is written from).</summary>
    public virtual Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<BadValue>>([]);

    /// <summary>Tables in foreign-key order (parents first).</summary>
    protected IReadOnlyList<SyncTable> Tables { get; } = tables;

    protected IChangeCapture TargetCapture { get; } = targetCapture;

    /// <summary>Applies one batch; returns the number of change rows it processed (0: none was pending in the snapshot).</summary>
    public async Task<int> ApplyBatchAsync(DbConnection source, DbConnection target, int limit, CancellationToken ct)
    {
        BeginBatch();
        List<Change> changes;
        await using (var snapshot = await sourceCapture.BeginSnapshotAsync(source, ct))
        {
            changes = (await source.QueryAsync<(long Id, string Table, string Key, string? OldKey)>(new CommandDefinition(
                    sourceCapture.ReadChanges, new { limit }, snapshot, cancellationToken: ct)))
                .Select(c => new Change(c.Id, c.Table, c.Key, c.OldKey)).ToList();
            if (changes.Count == 0)
                return 0;
            await using var tx = await target.BeginTransactionAsync(ct);
            var byTable = Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
            var unknown = changes.FirstOrDefault(c => !byTable.ContainsKey(c.Table));
            if (unknown is not null)
                throw new SchemaException($"A change of table {unknown.Table} (key {unknown.Key}) was captured, but the target has no such table.");
            var present = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var table in Tables)
            {
                var mine = changes.Where(c => c.Table == table.Name).SelectMany(c => c.OldKey is null ? [c.Key] : new[] { c.Key, c.OldKey })
                    .Distinct(StringComparer.Ordinal).ToList();
                if (mine.Count == 0)
                    continue;
                keys[table.Name] = mine;
                present[table.Name] = await StageAsync(source, snapshot, target, tx, table, mine, ct);
            }

            // A key update moves the row on the target, so that what references it moves with it (ON UPDATE CASCADE) instead
            // of being deleted with the old key.
            foreach (var move in changes.Where(c => c.OldKey is not null && !present[c.Table].Contains(c.OldKey) && present[c.Table].Contains(c.Key)))
                await MoveKeyAsync(target, tx, byTable[move.Table], move.OldKey!, move.Key, ct);
            foreach (var table in Tables.Reverse().Where(t => keys.ContainsKey(t.Name)))
            {
                var absent = keys[table.Name].Where(k => !present[table.Name].Contains(k) && !Held(table.Name, k)).ToList();
                if (absent.Count > 0)
                    await DeleteAsync(target, tx, table, absent, ct);
            }
            foreach (var table in Tables.Where(t => present.TryGetValue(t.Name, out var p) && p.Count > 0))
                await UpsertAsync(target, tx, table, ct);
            foreach (var (table, list) in keys)
                await RecordKeysAsync(target, tx, table, list, ct);
            await target.ExecuteAsync(new CommandDefinition(
                "UPDATE taskflow_sync_state SET applied = applied + @n, last_change_id = @last, last_applied_ms = @now WHERE id = 1",
                new { n = (long)changes.Count, last = changes[^1].Id, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            await AfterBatchAsync(target, tx, ct);
            await tx.CommitAsync(ct);
        }
        if (++_batches == PauseAfterBatch)
        {
            OnPause?.Invoke(SyncTestHook.Marker);
            await Task.Delay(Timeout.Infinite, ct);
        }
        // After the target's commit: a kill before this line only makes the next run apply the same keys again.
        await source.ExecuteAsync(new CommandDefinition(sourceCapture.DeleteChanges(changes.Select(c => c.Id).ToList()), cancellationToken: ct));
        return changes.Count;
    }

    /// <summary>Reads the current rows of <paramref name="keys"/> from the source snapshot and stages them for the upsert; returns the keys present.</summary>
    protected abstract Task<HashSet<string>> StageAsync(DbConnection source, DbTransaction snapshot, DbConnection target, DbTransaction tx,
        SyncTable table, IReadOnlyList<string> keys, CancellationToken ct);

    protected abstract Task MoveKeyAsync(DbConnection target, DbTransaction tx, SyncTable table, string oldKey, string newKey, CancellationToken ct);

    protected abstract Task DeleteAsync(DbConnection target, DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct);

    /// <summary>Inserts or updates the rows <see cref="StageAsync"/> staged.</summary>
    protected abstract Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct);

    /// <summary>
    /// A key whose current row was set aside (quarantined): the target keeps what it has. Deleting it instead would
    /// cascade on the target to children the source still has.
    /// </summary>
    protected virtual bool Held(string table, string key) => false;

    /// <summary>Called before each batch.</summary>
    protected virtual void BeginBatch()
    {
    }

    /// <summary>Anything else of the batch that must commit with it (quarantine records).</summary>
    protected virtual Task AfterBatchAsync(DbConnection target, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    private async Task RecordKeysAsync(DbConnection target, DbTransaction tx, string table, List<string> keys, CancellationToken ct)
    {
        foreach (var chunk in keys.Chunk(500))
        {
            var parameters = new DynamicParameters();
            parameters.Add("table", table);
            for (var i = 0; i < chunk.Length; i++)
                parameters.Add("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), chunk[i]);
            await target.ExecuteAsync(new CommandDefinition(TargetCapture.RecordKeys(chunk.Length), parameters, tx, cancellationToken: ct));
        }
    }
}
