using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Dialects.PostgreSql;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Sync;

/// <summary>
/// Keeps a target in step with a source: MySQL to PostgreSQL before the cut-over (capture installed on MySQL, then the
/// full copy with copy-data's engine, then the captured changes applied), PostgreSQL to MySQL after it (the reverse
/// capture the cut-over installed). Also reports the state, removes the sync, and runs the cut-over.
/// </summary>
public sealed partial class Synchronizer
{
    private const string StateTable = "taskflow_sync_state";
    private const string CaptureTable = "taskflow_sync_capture";
    private const string ChangesTable = "taskflow_sync_changes";

    private readonly ConnectionTarget _from;
    private readonly ConnectionTarget _to;
    private readonly Assembly _migrations;
    private readonly IRunLog _log;
    private readonly ICopyProgress _copyProgress;
    private readonly IChangeCapture _source;
    private readonly IChangeCapture _target;

    /// <summary>A sync from <paramref name="from"/> to <paramref name="to"/>; the direction follows their engines.</summary>
    public Synchronizer(ConnectionTarget from, ConnectionTarget to, Assembly migrations, IRunLog log, ICopyProgress copyProgress)
    {
        if (from.Engine == to.Engine)
            throw new SchemaException($"sync moves data between MySQL and PostgreSQL; {from.Display} and {to.Display} are both {from.Engine}.");
        _from = from;
        _to = to;
        _migrations = migrations;
        _log = log;
        _copyProgress = copyProgress;
        _source = DialectRegistry.ChangeCapture(from.Engine);
        _target = DialectRegistry.ChangeCapture(to.Engine);
    }

    private bool Forward => _from.Engine == DatabaseEngine.MySql;

    private string LockKey => "taskflow-sync:" + _to.Database;

    /// <summary>Installs what is missing (capture, full copy), then applies changes until caught up or cancelled.</summary>
    public async Task<SyncResult> RunAsync(SyncOptions options, ISyncProgress progress, CancellationToken ct)
    {
        if (options.OnError == ErrorPolicy.Quarantine && string.IsNullOrWhiteSpace(options.QuarantineFile))
            throw new SchemaException("--on-error quarantine needs --quarantine-file FILE to write the set-aside rows to.");
        var clock = Stopwatch.StartNew();
        var source = await OpenSourceAsync(ct);
        DbConnection? target = null;
        try
        {
            target = await OpenAsync(_to, ct);
            return await RunAsync(source, target, options, progress, clock, ct);
        }
        finally
        {
            await source.DisposeAsync();
            if (target is not null)
                await target.DisposeAsync();
        }
    }

    private async Task<SyncResult> RunAsync(DbConnection source, DbConnection target, SyncOptions options, ISyncProgress progress, Stopwatch clock,
        CancellationToken ct)
    {
        await LockAsync(target, ct);

        if (Forward)
        {
            if (await InterruptedCutoverAsync(source, target, ct) is { } interrupted)
                progress.Info("Note: " + interrupted);
            var (capture, copied) = await CheckForwardAsync(source, target, ct);
            capture = await InstallForwardAsync(source, capture, ct);
            if (!copied)
                await CopyAsync(source, target, capture, options, progress, ct);
            else
                await target.ExecuteAsync(new CommandDefinition(PostgreSqlChangeCapture.UpgradeState, cancellationToken: ct));
        }
        else
        {
            if (!(await _source.SyncTablesAsync(source, ct)).Contains(CaptureTable))
                throw new SchemaException(
                    $"{_from.Display} has no change capture: the way back starts from a cut-over (taskflow-schema cutover installs the capture on PostgreSQL).");
            // Always: MySQL's bookkeeping is created piece by piece (DDL commits on its own), and a target cut over by an
            // older build lacks its quarantine table.
            await CreateStateAsync(target, [], ct);
        }

        // Made in the loop, so that a server lost from here on is waited for like one lost between two batches.
        ChangeApplier? applier = null;
        long applied = 0, quarantined = 0;
        var rate = new Rate();
        try
        {
            while (true)
            {
                int n;
                long pending;
                try
                {
                    applier ??= Applier(await TablesAsync(source, target, ct), options.OnError, progress.Info, options.PauseAfterBatch);
                    n = await applier.ApplyBatchAsync(source, target, options.BatchSize, ct);
                    applied += n;
                    quarantined += applier.Quarantined.Count;
                    foreach (var bad in applier.Quarantined)
                        progress.Info($"quarantined: {bad}");
                    // The file is the target's record as it is now: rows fixed (or deleted) at the source have left it.
                    if (n > 0 && options.OnError == ErrorPolicy.Quarantine)
                        await QuarantineFile.WriteAsync(options.QuarantineFile!, await applier.QuarantineAsync(target, ct), ct);
                    (pending, var age) = await PendingAsync(source, ct);
                    progress.Report(applied, rate.Add(applied), pending, age);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is not SchemaException)
                {
                    // A server that no longer answers is waited for (the batch in flight rolled back with its transaction);
                    // any other error is the batch's own.
                    if (await LostAsync(source, target) is not { } lost)
                        throw;
                    var reconnected = await ReconnectAsync(lost, e, options.ReconnectFor, progress, ct);
                    if (lost == _from)
                    {
                        await source.DisposeAsync();
                        source = reconnected;
                    }
                    else
                    {
                        await target.DisposeAsync();
                        target = reconnected;
                    }
                    continue;
                }
                if (n < options.BatchSize && pending == 0 && options.UntilCaughtUp)
                    return new SyncResult(_from.Display, _to.Display, applied, 0, clock.Elapsed.TotalSeconds, Stopped: false, quarantined);
                if (n == 0)
                    await Task.Delay(options.Poll, ct);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // SIGTERM/SIGINT (a statement interrupted by it surfaces as the driver's own error): the batch in flight rolled
            // back with its transaction; its changes stay pending.
            await using var fresh = await OpenSourceAsync(CancellationToken.None);
            var (pending, _) = await PendingAsync(fresh, CancellationToken.None);
            return new SyncResult(_from.Display, _to.Display, applied, pending, clock.Elapsed.TotalSeconds, Stopped: true, quarantined);
        }
        finally
        {
            // Connections opened again after an outage are this loop's own (disposing one twice is harmless).
            await source.DisposeAsync();
            await target.DisposeAsync();
        }
    }

    /// <summary>
    /// Every precondition of the forward sync, checked before the first trigger is created, so that a refusal changes nothing.
    /// The target is either empty or filled by this sync under the capture installed on the source now: what the cut-over calls
    /// verified must have been compared after the capture began, and a copy or verification that predates it never counts.
    /// Returns the capture already installed (null: none yet) and whether the full copy is done (the apply goes on).
    /// </summary>
    private async Task<(InstalledCapture? Capture, bool Copied)> CheckForwardAsync(DbConnection source, DbConnection target, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)target;
        var targetTables = await _target.SyncTablesAsync(target, ct);
        if (targetTables.Contains(CaptureTable))
            throw new SchemaException(
                $"{_to.Display} was cut over and now captures its own changes: the sync goes the other way now " +
                $"(taskflow-schema sync --from {_to.Display} --to {_from.Display}, with the passwords).");
        var capture = await _source.CaptureAsync(source, ct);
        if (capture is not null && !SameDatabase(capture.Peer, _to.Display))
            throw Refused($"{_from.Display} already captures its changes for {capture.Peer}: one source feeds one sync. " +
                "Finish that one first (cutover, or `taskflow-schema sync stop --from ... --to ...`).");
        var sourceStep = await new SourceDatabase(_from).AppliedVersionAsync((MySqlConnection)source, ct)
            ?? throw Refused($"{_from.Display} has no {HistoryTable.Name}, so its step is unknown: adopt it with `taskflow-schema baseline` first.");
        var run = await TargetDatabase.ReadRunAsync(pg, ct);
        var copied = targetTables.Contains(StateTable);
        if (run is null)
        {
            if (await TargetDatabase.CountObjectsAsync(pg, ct) == 0)
                return (capture, false);
            var targetStep = await TargetDatabase.AppliedVersionAsync(pg, ct);
            var what = targetStep == 0 ? "tables of its own" : $"the TaskFlow schema at step {targetStep} (the source is at step {sourceStep})";
            throw Refused($"{_to.Display} is not empty: it holds {what}, and no copy of this sync. The sync makes its own full copy into an empty " +
                "database under its change capture (create one with CREATE DATABASE).");
        }
        if (run.Capture is null && !copied)
            throw Refused($"{_to.Display} holds a copy made by copy-data, before the change capture existed: writes made on {_from.Display} since " +
                "are not in it, and a copy or verification that predates the capture never counts. Sync into an empty database: the sync " +
                "makes its own full copy under its capture.");
        if (run.Source != _from.Display)
            throw Refused($"{_to.Display} holds a sync's copy of {run.Source}, not of {_from.Display}: use that --from, or an empty target database.");
        if (capture is null || (run.Capture is not null && run.Capture != capture.Id))
            throw Refused($"{_to.Display} was filled under a change capture of {_from.Display} that is no longer installed there: writes made " +
                "while none was installed are missing from it. Start again into an empty database (`taskflow-schema sync stop --force` " +
                "removes what is left of this sync on both sides).");
        if (run.SourceVersion != sourceStep)
            throw Refused($"{_to.Display} holds a copy of {_from.Display} at step {run.SourceVersion}, but the source is at step {sourceStep} now: " +
                "both sides keep one schema during a sync; start again into an empty database.");
        return (capture, copied);
    }

    // Two display URLs name the same database whichever user they log in as.
    private static bool SameDatabase(string a, string b) =>
        string.Equals(WithoutUser().Replace(a, "://"), WithoutUser().Replace(b, "://"), StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("://[^@/]*@")]
    private static partial System.Text.RegularExpressions.Regex WithoutUser();

    private SchemaException Refused(string why) => new($"{why} Nothing was installed on {_from.Display}.");

    // The capture's triggers on every table; a failure part-way removes what this run created when no capture was there before.
    private async Task<InstalledCapture> InstallForwardAsync(DbConnection source, InstalledCapture? before, CancellationToken ct)
    {
        try
        {
            await _source.InstallAsync(source, await _source.KeyedTablesAsync(source, ct), _to.Display, ct);
        }
        catch (Exception e) when (before is null && !ct.IsCancellationRequested)
        {
            var left = "What this run had installed was removed: nothing is left on it.";
            try
            {
                await using var fresh = await OpenSourceAsync(CancellationToken.None);
                await _source.RemoveAsync(fresh, CancellationToken.None);
            }
            catch (DbException)
            {
                left = "Removing what this run had installed failed too: `taskflow-schema sync stop --force` removes its triggers and taskflow_sync_* tables.";
            }
            throw new SchemaException($"Installing the change capture on {_from.Display} failed: {Reason(e)}. {left}", e);
        }
        return await _source.CaptureAsync(source, ct) ?? throw new SchemaException($"The change capture on {_from.Display} vanished while it was installed.");
    }

    // The first run's full copy, with the capture already recording every change made while it runs.
    private async Task CopyAsync(DbConnection source, DbConnection target, InstalledCapture capture, SyncOptions options, ISyncProgress progress,
        CancellationToken ct)
    {
        progress.Info($"Change capture installed on {_from.Display}; copying it into {_to.Display}.");
        CopyResult copy;
        try
        {
            copy = await new DataCopier(_from, _to, _migrations, _log, _copyProgress).CopyAsync(new CopyOptions
            {
                OnError = options.OnError,
                QuarantineFile = options.QuarantineFile,
                Parallelism = options.Parallelism,
                Verify = true,
                LiveSource = true,
                Capture = capture.Id,
                TestHook = options.CopyTestHook,
            }, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            progress.Info($"The change capture stays installed on {_from.Display}, so that a rerun of this sync resumes the copy under it; " +
                "`taskflow-schema sync stop --from ... --to ... --force` removes it.");
            throw;
        }
        if (copy.FirstMismatch is { } mismatch)
            throw new SchemaException($"The full copy does not match what it read: table {mismatch.Table}, key {mismatch.Key}: {mismatch.Description}.");
        await ((NpgsqlConnection)target).ReloadTypesAsync(ct);
        var tables = await TablesAsync(source, target, ct);
        await CreateStateAsync(target, tables.Select(t => t.Name), ct);
        // Every table was just filled: PostgreSQL would vacuum each of them soon for the rows inserted, which on a large table
        // takes minutes, and a cut-over in the meantime waits for it to yield its lock (deadlock_timeout, a second a table).
        // Vacuumed now, once, while the application still writes to MySQL (cheap: COPY FREEZE left every page frozen).
        var vacuum = Stopwatch.StartNew();
        foreach (var table in tables)
            await target.ExecuteAsync(new CommandDefinition($"VACUUM {TargetDatabase.Quote(table.Name)}", cancellationToken: ct));
        progress.Info($"Vacuumed the copied tables in {vacuum.Elapsed.TotalSeconds:0.0} s.");
        progress.Info($"Full copy done ({copy.Tables.Sum(t => t.Rows):N0} rows); applying the changes captured since the copy began.");
    }

    private async Task CreateStateAsync(DbConnection target, IEnumerable<string> tables, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (_to.Engine == DatabaseEngine.PostgreSql)
        {
            await using var tx = await target.BeginTransactionAsync(ct);
            await target.ExecuteAsync(new CommandDefinition(_target.CreateState, transaction: tx, cancellationToken: ct));
            await target.ExecuteAsync(new CommandDefinition($"INSERT INTO {StateTable} (id, source, copied_ms) VALUES (1, @source, @now)",
                new { source = _from.Display, now }, tx, cancellationToken: ct));
            await _target.PrepareTargetAsync(target, tx, tables, ct);
            await tx.CommitAsync(ct);
            return;
        }
        // MySQL's DDL commits on its own; the row is inserted only once the tables exist, so a rerun finds either nothing or both.
        await target.ExecuteAsync(new CommandDefinition(_target.CreateState, cancellationToken: ct));
        await target.ExecuteAsync(new CommandDefinition($"INSERT IGNORE INTO {StateTable} (id, source, copied_ms) VALUES (1, @source, @now)",
            new { source = _from.Display, now }, cancellationToken: ct));
    }

    // The side whose connection no longer answers a trivial query (null: both answer).
    private async Task<ConnectionTarget?> LostAsync(DbConnection source, DbConnection target)
    {
        foreach (var (connection, side) in new[] { (source, _from), (target, _to) })
        {
            // A connection the server ended is closed or broken; Dapper would quietly open a closed one again for the ping.
            if (connection.State != System.Data.ConnectionState.Open)
                return side;
            try
            {
                using var ping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ping.Token));
            }
            catch (Exception)
            {
                return side;
            }
        }
        return null;
    }

    // Opens the lost side again with a bounded back-off (one line per outage); the target takes the sync's lock again.
    private async Task<DbConnection> ReconnectAsync(ConnectionTarget lost, Exception cause, TimeSpan limit, ISyncProgress progress, CancellationToken ct)
    {
        progress.Info($"lost {lost.Display} ({Reason(cause)}), retrying for up to {limit.TotalSeconds:0} s");
        var clock = Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var connection = lost == _from ? await OpenSourceAsync(ct) : await OpenAsync(_to, ct);
                if (lost == _to)
                    await LockAsync(connection, ct);
                progress.Info($"reconnected to {lost.Display} after {clock.Elapsed.TotalSeconds:0.0} s; the batch in flight is applied again");
                return connection;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not SchemaException)
            {
                if (clock.Elapsed + wait > limit)
                    throw new SchemaException($"Lost {lost.Display} and could not reconnect within {limit.TotalSeconds:0} s ({Reason(e)}). " +
                        "Nothing applied is lost: run the same sync again once the server answers, and it resumes where it stopped.");
                await Task.Delay(wait, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    // A driver's error in words, never its type name.
    private static string Reason(Exception e) =>
        (e is DbException db ? DialectRegistry.Describe(db) ?? db.Message : e.Message).TrimEnd('.');

    private ChangeApplier Applier(IReadOnlyList<SyncTable> tables, ErrorPolicy policy, Action<string>? onPause = null, int pauseAfter = -1)
    {
        var applier = DialectRegistry.ChangeApplier(_from.Engine, _to.Engine, tables, policy);
        applier.OnPause = onPause;
        applier.PauseAfterBatch = pauseAfter;
        return applier;
    }

    private async Task<(long Pending, double OldestSeconds)> PendingAsync(DbConnection source, CancellationToken ct)
    {
        var (count, age) = await source.QuerySingleAsync<(long, double)>(new CommandDefinition(_source.Pending, cancellationToken: ct));
        return (count, age);
    }

    // The copy's plans: PostgreSQL's catalog with the columns MySQL also has, in foreign-key order, with their unique indexes.
    private async Task<IReadOnlyList<SyncTable>> TablesAsync(DbConnection source, DbConnection target, CancellationToken ct)
    {
        var (pg, my) = Forward ? ((NpgsqlConnection)target, (MySqlConnection)source) : ((NpgsqlConnection)source, (MySqlConnection)target);
        var catalog = await TargetCatalog.ReadAsync(pg, ct);
        var columns = await new SourceDatabase(Forward ? _from : _to).ColumnsAsync(my, ct);
        var plans = TablePlanner.Plan(catalog, catalog.ForeignKeys, columns);
        var unique = await UniqueIndex.ReadAsync(pg, plans.ToDictionary(p => p.Name, p => p.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal)), ct);
        return plans.Select(p => new SyncTable(p, catalog.Tables[p.Name].First(c => c.Name == p.Key).DisplayType, unique.GetValueOrDefault(p.Name) ?? [],
            catalog.ForeignKeys.Any(f => f.Parent == p.Name))).ToList();
    }

    private async Task LockAsync(DbConnection target, CancellationToken ct)
    {
        if (!await DialectRegistry.Driver(_to.Engine).TryLockAsync(target, LockKey, ct))
            throw new SchemaException($"Another sync or cutover is applying changes into {_to.Display}: stop it first (Ctrl+C or SIGTERM ends a sync cleanly).");
    }

    // MySQL is read the copy's way (values as stored: TINYINT(1) as a number, zero dates allowed), which the converters expect.
    private async Task<DbConnection> OpenSourceAsync(CancellationToken ct) =>
        Forward ? await new SourceDatabase(_from).OpenAsync(ct) : await OpenAsync(_from, ct);

    private async Task<DbConnection> OpenAsync(ConnectionTarget target, CancellationToken ct)
    {
        var connection = await DialectRegistry.Driver(target.Engine).OpenAsync(target, _log.Warn, ct);
        if (connection is NpgsqlConnection)
        {
            // Batches and the cut-over's checks have no useful time limit.
            await connection.ExecuteAsync(new CommandDefinition("SET statement_timeout = 0", cancellationToken: ct));
        }
        return connection;
    }
}
