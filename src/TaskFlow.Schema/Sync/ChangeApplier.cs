using System.Data.Common;
using Dapper;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// Applies captured changes in batches. Per batch: in one snapshot of the source, read up to N change rows and stage the
/// current rows of the keys they name in a temporary table on the target (rows the target cannot take follow the
/// --on-error policy), together with the rows those depend on (<see cref="TakeInAsync"/>); then, in one target
/// transaction, move changed keys, delete the keys the source no longer has (children before parents: the target's own
/// foreign-key actions cascade as the source's did), set aside the unique values the staged rows are about to take
/// (<see cref="ParkAsync"/>), write the staged rows (parents before children), record the keys and the progress; commit;
/// only then delete the processed change rows by id. A kill anywhere repeats at most that batch, and applying a batch
/// again gives the same rows: the apply writes the rows' current state, not the operations. The engines' SQL is in
/// <c>Dialects/*/…ChangeApplier.cs</c>.
/// </summary>
internal abstract class ChangeApplier(IChangeCapture sourceCapture, IChangeCapture targetCapture, IReadOnlyList<SyncTable> tables, ErrorPolicy policy)
{
    /// <summary>What a unique text value is set to while it is out of the way (followed by the row's key).</summary>
    public const string Placeholder = "~taskflow-sync:";

    // The longest key text a placeholder carries (a UUID); a shorter varchar cannot hold one.
    private const int PlaceholderLength = 15 + 36;

    private readonly Dictionary<string, HashSet<string>> _present = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BadValue>> _bad = new(StringComparer.Ordinal);
    private IReadOnlyList<BadValue> _quarantined = [];
    private int _batches;

    /// <summary>The kill tests' pause after this many batches (<see cref="SyncTestHook"/>; -1: never).</summary>
    public int PauseAfterBatch { get; set; } = -1;

    /// <summary>Told every batch's keys by table once the batch has committed on the target (the cut-over's accounting).</summary>
    public Action<string, IReadOnlyList<string>>? OnApplied { get; set; }

    /// <summary>Where the test hook announces its pause.</summary>
    public Action<string>? OnPause { get; set; }

    /// <summary>Rows set aside under --on-error quarantine by the last batch (recorded on the target with it).</summary>
    public IReadOnlyList<BadValue> Quarantined => _quarantined;

    /// <summary>Tables in foreign-key order (parents first).</summary>
    protected IReadOnlyList<SyncTable> Tables { get; } = tables;

    protected IChangeCapture TargetCapture { get; } = targetCapture;

    /// <summary>Applies one batch; returns the number of change rows it processed (0: none was pending in the snapshot).</summary>
    public async Task<int> ApplyBatchAsync(DbConnection source, DbConnection target, int limit, CancellationToken ct)
    {
        _present.Clear();
        _bad.Clear();
        _quarantined = [];
        await BeginBatchAsync(target, ct);
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
            var changed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var table in Tables)
            {
                var mine = changes.Where(c => c.Table == table.Name).SelectMany(c => c.OldKey is null ? [c.Key] : new[] { c.Key, c.OldKey })
                    .Distinct(table.KeyComparer).ToList();
                if (mine.Count == 0)
                    continue;
                changed[table.Name] = mine;
                await StageTableAsync(source, snapshot, target, tx, table, mine, ct);
            }
            var keys = await TakeInAsync(source, snapshot, target, tx, byTable, changed, ct);

            // A key update moves the row on the target, so that what references it moves with it (ON UPDATE CASCADE) instead
            // of being deleted with the old key.
            foreach (var move in changes.Where(c => c.OldKey is not null && !_present[c.Table].Contains(c.OldKey) && _present[c.Table].Contains(c.Key)))
                await MoveKeyAsync(target, tx, byTable[move.Table], move.OldKey!, move.Key, ct);
            foreach (var table in Tables.Reverse().Where(t => keys.ContainsKey(t.Name)))
            {
                var absent = keys[table.Name].Where(k => !_present[table.Name].Contains(k) && !Held(table, k)).ToList();
                if (absent.Count > 0)
                    await DeleteAsync(target, tx, table, absent, ct);
            }
            foreach (var table in Tables.Where(t => _present.TryGetValue(t.Name, out var p) && p.Count > 0))
            {
                await ParkAsync(target, tx, table, ct);
                await UpsertAsync(target, tx, table, ct);
            }
            foreach (var (table, list) in keys)
                await RecordKeysAsync(target, tx, table, list, ct);
            await target.ExecuteAsync(new CommandDefinition(
                "UPDATE taskflow_sync_state SET applied = applied + @n, last_change_id = @last, last_applied_ms = @now WHERE id = 1",
                new { n = (long)changes.Count, last = changes[^1].Id, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
            // A row written (or deleted) fine is no longer quarantined; a row that could not be written is, with this batch.
            var bad = _bad.Values.SelectMany(b => b).ToList();
            await RecordQuarantineAsync(target, tx, keys.SelectMany(k => k.Value.Select(key => (k.Key, key))).ToList(), bad, ct);
            await tx.CommitAsync(ct);
            _quarantined = bad;
            foreach (var (table, list) in keys)
                OnApplied?.Invoke(table, list);
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

    /// <summary>Every quarantine record the target holds (what the quarantine file is written from).</summary>
    public abstract Task<IReadOnlyList<BadValue>> QuarantineAsync(DbConnection target, CancellationToken ct);

    /// <summary>
    /// Reads the current rows of <paramref name="keys"/> from the source snapshot into <see cref="Stage"/> (replacing what
    /// it held), each row in the form the target's columns take; a row the target cannot take goes to <see cref="Reject"/>.
    /// Returns the keys staged.
    /// </summary>
    protected abstract Task<HashSet<string>> StageAsync(DbConnection source, DbTransaction snapshot, DbConnection target, DbTransaction tx,
        SyncTable table, IReadOnlyList<string> keys, CancellationToken ct);

    protected abstract Task MoveKeyAsync(DbConnection target, DbTransaction tx, SyncTable table, string oldKey, string newKey, CancellationToken ct);

    protected abstract Task DeleteAsync(DbConnection target, DbTransaction tx, SyncTable table, IReadOnlyList<string> keys, CancellationToken ct);

    /// <summary>Writes the rows <see cref="StageAsync"/> staged: updates the rows the target has, inserts the others.</summary>
    protected abstract Task UpsertAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct);

    /// <summary>Removes the quarantine records of <paramref name="release"/> and records <paramref name="bad"/>, in the batch's transaction.</summary>
    protected abstract Task RecordQuarantineAsync(DbConnection target, DbTransaction tx, IReadOnlyList<(string Table, string Key)> release,
        IReadOnlyList<BadValue> bad, CancellationToken ct);

    /// <summary>Called before each batch, outside its transaction.</summary>
    protected virtual Task BeginBatchAsync(DbConnection target, CancellationToken ct) => Task.CompletedTask;

    /// <summary>An identifier quoted for the target.</summary>
    protected abstract string Quote(string name);

    /// <summary>An expression as text on the target (keys compared and returned as text).</summary>
    protected abstract string AsText(string expression);

    /// <summary>True when two values differ, NULL counting as a value.</summary>
    protected abstract string Differs(string left, string right);

    /// <summary>UPDATE of <paramref name="table"/> (alias t) joined to its stage (alias s) on the key; <paramref name="set"/>: (column, expression).</summary>
    protected abstract string UpdateFromStage(SyncTable table, IEnumerable<(string Column, string Value)> set, string condition);

    /// <summary>DELETE of the rows of <paramref name="table"/> (alias t) whose key is staged (alias s) and that meet <paramref name="condition"/>.</summary>
    protected abstract string DeleteStaged(SyncTable table, string condition);

    /// <summary>The temporary table a batch stages <paramref name="table"/>'s rows in, quoted.</summary>
    protected string Stage(SyncTable table) => Quote("taskflow_sync_stage_" + table.Name);

    /// <summary>
    /// A row the target cannot take: under --on-error fail the batch stops (and rolls back) naming table, key, column and
    /// value; under quarantine the row is set aside with the batch and the target keeps the version it has.
    /// </summary>
    protected void Reject(BadValue bad)
    {
        if (policy == ErrorPolicy.Fail)
            throw new BadDataException(bad);
        _bad[bad.Table].Add(bad);
    }

    private async Task StageTableAsync(DbConnection source, DbTransaction snapshot, DbConnection target, DbTransaction tx, SyncTable table,
        IReadOnlyList<string> keys, CancellationToken ct)
    {
        _bad[table.Name] = [];
        _present[table.Name] = table.KeySet(await StageAsync(source, snapshot, target, tx, table, keys, ct));
    }

    // A key whose current row was set aside (quarantined): the target keeps what it has. Deleting it instead would cascade
    // on the target to children the source still has.
    private bool Held(SyncTable table, string key) => _bad.TryGetValue(table.Name, out var bad) && bad.Any(b => table.KeyComparer.Equals(b.Key, key));

    /// <summary>
    /// The staged rows are the source's current rows, and they may depend on changes this batch does not hold (beyond its
    /// limit): a unique value that a row outside the batch still holds on the target (its change freeing the value comes
    /// later), or a parent row the target does not have yet (inserted after). Those rows are taken into the batch with
    /// their current state too (writing a row's current state early is what every batch does), until nothing is missing;
    /// otherwise the same batch would fail on every run. On MySQL this also finds a row whose value MySQL's collation finds
    /// equal to another's (case, accents, trailing spaces): the row taken in is staged first, so the staged one that MySQL
    /// cannot hold next to it is the one refused. Returns every key of the batch by table.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> TakeInAsync(DbConnection source, DbTransaction snapshot, DbConnection target, DbTransaction tx,
        IReadOnlyDictionary<string, SyncTable> byTable, Dictionary<string, List<string>> changed, CancellationToken ct)
    {
        var takenIn = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var keys = changed.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        while (true)
        {
            var more = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var table in Tables.Where(t => _present.TryGetValue(t.Name, out var p) && p.Count > 0))
            {
                foreach (var (name, key) in await DependenciesAsync(target, tx, table, byTable, ct))
                {
                    var other = byTable[name];
                    if (!keys.TryGetValue(name, out var known) || !known.Contains(key, other.KeyComparer))
                        (more.TryGetValue(name, out var set) ? set : more[name] = other.KeySet()).Add(key);
                }
            }
            if (more.Count == 0)
                return keys;
            foreach (var table in Tables.Where(t => more.ContainsKey(t.Name)))
            {
                var list = takenIn[table.Name] = [.. takenIn.GetValueOrDefault(table.Name) ?? [], .. more[table.Name]];
                keys[table.Name] = [.. list, .. changed.GetValueOrDefault(table.Name) ?? []];
                await StageTableAsync(source, snapshot, target, tx, table, keys[table.Name], ct);
            }
        }
    }

    // Keys (by table) of rows outside the staged ones that the staged rows need: target rows holding a unique value a
    // staged row of another key has, and parents (by a single-column foreign key to their key) the target lacks.
    private async Task<List<(string Table, string Key)>> DependenciesAsync(DbConnection target, DbTransaction tx, SyncTable table,
        IReadOnlyDictionary<string, SyncTable> byTable, CancellationToken ct)
    {
        var found = new List<(string, string)>();
        var key = Quote(table.Plan.Key);
        foreach (var index in table.UniqueIndexes)
        {
            var rows = index.WhenTrue is null ? Quote(table.Name) : $"(SELECT * FROM {Quote(table.Name)} WHERE {Quote(index.WhenTrue)})";
            var staged = index.WhenTrue is null ? Stage(table) : $"(SELECT * FROM {Stage(table)} WHERE {Quote(index.WhenTrue)})";
            var sql = $"SELECT {AsText("t." + key)} FROM {rows} AS t JOIN {staged} AS s ON " +
                string.Join(" AND ", index.Columns.Select(c => $"t.{Quote(c)} = s.{Quote(c)}")) + $" WHERE t.{key} <> s.{key}";
            found.AddRange((await target.QueryAsync<string>(new CommandDefinition(sql, transaction: tx, cancellationToken: ct))).Select(k => (table.Name, k)));
        }
        foreach (var fk in table.Plan.ForeignKeys)
        {
            if (fk.Columns.Count != 1 || !byTable.TryGetValue(fk.Parent, out var parent) || fk.ParentColumns[0] != parent.Plan.Key)
                continue;
            var column = "s." + Quote(fk.Columns[0]);
            var sql = $"SELECT DISTINCT {AsText(column)} FROM {Stage(table)} AS s WHERE {column} IS NOT NULL " +
                $"AND NOT EXISTS (SELECT 1 FROM {Quote(parent.Name)} AS p WHERE p.{Quote(parent.Plan.Key)} = {column})";
            found.AddRange((await target.QueryAsync<string>(new CommandDefinition(sql, transaction: tx, cancellationToken: ct))).Select(k => (parent.Name, k)));
        }
        return found;
    }

    /// <summary>
    /// Before the staged rows are written, the rows among them whose unique values change are moved out of the way, so
    /// that no row has to wait for another to give a value up: two users swapping addresses, a row freeing a value a new
    /// row takes, the default moving from one row to another (a partial unique index), rows exchanging keys and so their
    /// unique values. Writing them one by one instead, the target's unique index refuses the first while the other still
    /// holds its value (PostgreSQL checks a unique index row by row, and only constraints declared DEFERRABLE can wait
    /// for the end of the transaction). A table no foreign key references loses those rows (the write inserts them again;
    /// nothing can cascade from them). A referenced table keeps them, each row updated in place: one column of each unique
    /// index is set to a value no row holds (NULL where nullable, a placeholder text with the row's key, or false for the
    /// column of a partial index <c>WHERE column</c>), and the write gives every column its final value. Deleting a
    /// referenced row instead would cascade on the target (ON DELETE CASCADE, SET NULL) to children the source still has.
    /// An index with none of those columns in a referenced table is left as it is: its conflicts surface as the target's error.
    /// </summary>
    private async Task ParkAsync(DbConnection target, DbTransaction tx, SyncTable table, CancellationToken ct)
    {
        if (table.UniqueIndexes.Count == 0)
            return;
        var columns = table.UniqueIndexes.SelectMany(i => i.Columns).Distinct(StringComparer.Ordinal);
        var changes = string.Join(" OR ", columns.Select(c => Differs("t." + Quote(c), "s." + Quote(c))));
        if (!table.Referenced)
        {
            await target.ExecuteAsync(new CommandDefinition(DeleteStaged(table, changes), transaction: tx, cancellationToken: ct));
            return;
        }
        var set = table.UniqueIndexes.Select(i => SetAside(table, i)).OfType<(string, string)>().Distinct().ToList();
        if (set.Count > 0)
            await target.ExecuteAsync(new CommandDefinition(UpdateFromStage(table, set, changes), transaction: tx, cancellationToken: ct));
    }

    // The column of the index set aside, and to what; null when no column of it can be.
    private (string Column, string Value)? SetAside(SyncTable table, UniqueIndex index)
    {
        var columns = index.Columns.Select(c => table.Plan.Columns.First(p => p.Name == c)).ToList();
        if (index.NullsDistinct && columns.FirstOrDefault(c => !c.NotNull) is { } nullable)
            return (nullable.Name, "NULL");
        if (index.WhenTrue is { } flag && columns.FirstOrDefault(c => c.Name == flag && c.TypeName == "bool") is { } partial)
            return (partial.Name, "false");
        if (columns.FirstOrDefault(c => c.TypeName == "text" || (c.TypeName == "varchar" && VarcharLength(c) is not < PlaceholderLength)) is { } text)
            return (text.Name, $"CONCAT('{Placeholder}', t.{Quote(table.Plan.Key)})");
        return null;
    }

    // n of varchar(n) from PostgreSQL's display type ("character varying(128)"); null without a limit.
    private static int? VarcharLength(TargetColumn column)
    {
        var open = column.DisplayType.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? null : int.Parse(column.DisplayType[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task RecordKeysAsync(DbConnection target, DbTransaction tx, string table, List<string> keys, CancellationToken ct)
    {
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var parameters = new DynamicParameters();
            parameters.Add("table", table);
            for (var i = 0; i < chunk.Length; i++)
                parameters.Add("k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), chunk[i]);
            await target.ExecuteAsync(new CommandDefinition(TargetCapture.RecordKeys(chunk.Length), parameters, tx, cancellationToken: ct));
        }
    }
}
