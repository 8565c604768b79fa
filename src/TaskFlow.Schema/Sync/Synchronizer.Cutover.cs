using System.Data.Common;
using System.Diagnostics;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Dialects.MySql;
using TaskFlow.Schema.Dialects.PostgreSql;

namespace TaskFlow.Schema.Sync;

public sealed partial class Synchronizer
{
    /// <summary>The cut-over tests' pause after the row counts (<see cref="SyncTestHook"/>; null in real use).</summary>
    internal string? CutoverPauseFile { get; set; }

    // Once read-only, what is pending drains in seconds; changes that keep coming come from a writer read_only does not stop.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The maintenance window: MySQL read-only, pending changes drained, verified (every table's row counts, every key changed
    /// since the full copy row by row, any table the full copy did not verify, or with <paramref name="fullVerify"/> every
    /// table, compared in full), identity positions set, the reverse capture installed on PostgreSQL and the forward one
    /// removed from MySQL. Any failure after read-only leaves MySQL the primary.
    /// </summary>
    public async Task<CutoverResult> CutoverAsync(int parallelism, ISyncProgress progress, CancellationToken ct, bool fullVerify = false)
    {
        if (!Forward)
            throw new SchemaException($"cutover goes from MySQL to PostgreSQL: --from must be the MySQL database, not {_from.Display}.");
        await using var source = await OpenSourceAsync(ct);
        await using var target = await OpenAsync(_to, ct);
        await LockAsync(target, ct);
        if (!(await _source.SyncTablesAsync(source, ct)).Contains(ChangesTable))
            throw new SchemaException($"{_from.Display} has no change capture: run `taskflow-schema sync --from ... --to ... --until-caught-up` first.");
        if (!(await _target.SyncTablesAsync(target, ct)).Contains(StateTable))
            throw new SchemaException($"The full copy into {_to.Display} has not finished: run `taskflow-schema sync --until-caught-up` first.");
        await target.ExecuteAsync(new CommandDefinition(PostgreSqlChangeCapture.UpgradeState, cancellationToken: ct));
        if (await InterruptedCutoverAsync(source, target, ct) is { } interrupted)
            progress.Info("Note: " + interrupted);
        // What is called verified was compared after the capture began: the full copy's own checks count only when it ran under
        // the capture installed now. A copy recorded by an older build names no capture: every table is compared in full.
        var run = await TargetDatabase.ReadRunAsync((NpgsqlConnection)target, ct);
        var capture = await _source.CaptureAsync(source, ct);
        if (run?.Capture is { } copiedUnder && copiedUnder != capture?.Id)
            throw new SchemaException($"{_to.Display} was filled under a change capture of {_from.Display} that is no longer installed there: " +
                "writes made while none was installed are missing from it. Nothing was changed; start again into an empty database.");
        var loadTrusted = run?.Capture is not null;
        var tables = await TablesAsync(source, target, ct);
        // The right to stop writes is asked for before anything is applied or compared, so that its refusal changes nothing.
        await ReadOnlyAsync(source, MySqlChangeCapture.ProbeReadOnly, ct);
        await RefuseWritersAsync((MySqlConnection)source, "Nothing was changed", ct);
        var precheck = Stopwatch.StartNew();
        var keysBefore = await PrecheckAsync((MySqlConnection)source, (NpgsqlConnection)target, tables, progress, ct);
        progress.Info($"Before writes stop: {keysBefore:N0} changed key(s) compared equal in {precheck.Elapsed.TotalSeconds:0.00} s.");
        // A quarantined row is one PostgreSQL does not hold: cutting over would leave it behind for good.
        if (await TargetDatabase.QuarantineAsync((NpgsqlConnection)target, ct) is { Count: > 0 } held)
            throw new SchemaException($"{held.Count} row(s) are quarantined and not in {_to.Display} (first: {held[0]}). Fix or delete them at " +
                $"{_from.Display}, run `taskflow-schema sync --until-caught-up` until none is left, then cutover again. Nothing was changed.");
        var states = await TargetDatabase.TablesAsync((NpgsqlConnection)target, ct);
        var whole = tables.Where(t => fullVerify || !loadTrusted || states.GetValueOrDefault(t.Name) is not { Verified: true }).Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        await using var baseline = await BaselineAsync((MySqlConnection)source, (NpgsqlConnection)target, tables, whole, states, parallelism, progress, ct);

        await PauseForTestAsync(".window", "before read-only", progress, ct);
        await MarkWindowAsync(target, "stopping writes", ct);
        try
        {
            await StopWritesAsync(source, ct);
            // A session that read_only does not stop may have connected since the first look: writes are allowed again.
            await RefuseWritersAsync((MySqlConnection)source, $"Nothing was changed: writes are allowed on {_from.Display} again", ct,
                undo: () => source.ExecuteAsync(new CommandDefinition(MySqlChangeCapture.UnsetReadOnly, cancellationToken: CancellationToken.None)));
        }
        catch (SchemaException)
        {
            await target.ExecuteAsync(new CommandDefinition($"UPDATE {StateTable} SET window_ms = NULL, window_step = NULL WHERE id = 1", cancellationToken: ct));
            throw;
        }
        var window = Stopwatch.StartNew();
        var removing = false;
        progress.Info($"{_from.Display} is read-only; draining the pending changes.");
        try
        {
            await MarkWindowAsync(target, "draining the pending changes", ct);
            if (CutoverPauseFile is { } pause && File.Exists(pause + ".drain.wanted"))
                await PauseForTestAsync(".drain", "after read-only", progress, ct);
            var applier = Applier(tables, ErrorPolicy.Fail);
            applier.OnApplied = baseline.Applied;
            long drained = 0;
            var rate = new Rate();
            while (true)
            {
                var n = await applier.ApplyBatchAsync(source, target, 1000, ct);
                drained += n;
                var (pending, age) = await PendingAsync(source, ct);
                progress.Report(drained, rate.Add(drained), pending, age);
                if (n == 0 && pending == 0)
                    break;
                if (n == 0 && window.Elapsed > DrainLimit)
                    throw StillWriting(pending);
            }

            var drainedAt = window.Elapsed;
            await MarkWindowAsync(target, "verifying", ct);
            var (verified, keys, reached) = await VerifyAsync((MySqlConnection)source, (NpgsqlConnection)target, tables, baseline, whole, states, parallelism, progress, ct);
            await baseline.DisposeAsync();
            // Anything committed since the drain (a user whose writes read_only does not stop) was not verified.
            var (late, _) = await PendingAsync(source, ct);
            if (late > 0)
                throw StillWriting(late);

            var verifiedAt = window.Elapsed;
            await MarkWindowAsync(target, "installing the reverse capture", ct);
            await _target.InstallAsync(target, tables.Select(t => (t.Name, t.Plan.Key)).ToList(), _from.Display, ct);
            await using (var tx = await target.BeginTransactionAsync(ct))
            {
                foreach (var plan in tables.Select(t => t.Plan).Where(p => p.IdentityColumn is not null))
                    await TargetDatabase.RestoreIdentityAsync((NpgsqlConnection)target, (NpgsqlTransaction)tx, plan.Name, plan.IdentityColumn!, ct);
                await _target.RestoreTargetAsync(target, tx, tables.Select(t => t.Name), ct);
                await target.ExecuteAsync(new CommandDefinition($"UPDATE {StateTable} SET cutover_ms = @now WHERE id = 1",
                    new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            removing = true;
            await _source.RemoveAsync(source, ct);
            // MySQL becomes the way back's target at once, so `up` refuses there too until `sync stop`.
            await source.ExecuteAsync(new CommandDefinition(_source.CreateState, cancellationToken: ct));
            await source.ExecuteAsync(new CommandDefinition($"INSERT IGNORE INTO {StateTable} (id, source, copied_ms) VALUES (1, @source, @now)",
                new { source = _to.Display, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: ct));
            window.Stop();
            progress.Info($"Window: drain {drainedAt.TotalSeconds:0.00} s, verification {(verifiedAt - drainedAt).TotalSeconds:0.00} s, " +
                $"identities and capture {(window.Elapsed - verifiedAt).TotalSeconds:0.00} s.");
            return new CutoverResult(_from.Display, _to.Display, window.Elapsed.TotalSeconds, drained,
                verified, keys, ApplicationUrl(), whole, keysBefore, baseline.ReachedBefore + reached);
        }
        catch (Exception e) when (e is not OperationCanceledException || ct.IsCancellationRequested)
        {
            // Once the forward capture is being removed (one DROP TRIGGER at a time), allowing writes would lose the changes
            // of the tables already without it: the way on is to run the cut-over again, which finishes the removal.
            var undo = removing
                ? $"{_from.Display} is still the primary and read-only, but its change capture may be partly removed: keep it read-only " +
                  "and run cutover again once the cause is gone (it verifies again and finishes the removal)."
                : $"{_from.Display} is still the primary, read-only, with its change capture in place; " +
                  $"to allow writes on it again run `{MySqlChangeCapture.UnsetReadOnly};` on that server.";
            var why = e switch
            {
                SchemaException => e.Message,
                MySqlException { ErrorCode: MySqlErrorCode.LockWaitTimeout } =>
                    $"MySQL waited {ReadOnlyWaitSeconds} s for a lock another session holds (LOCK TABLES, or a long transaction on a synced table) and gave up.",
                _ => Reason(e) + ".",
            };
            throw new CutoverException($"Cut-over stopped: {why} {undo}", e is CutoverException { VerificationFailed: true });
        }
    }

    private async Task ReadOnlyAsync(DbConnection source, string statement, CancellationToken ct)
    {
        try
        {
            await source.ExecuteAsync(new CommandDefinition(statement, cancellationToken: ct));
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied)
        {
            throw new SchemaException(
                $"Cannot stop writes on {_from.Display}: its user may not set read_only ({e.Message}). Nothing was changed. " +
                $"Grant the right (GRANT {MySqlFlavor.Of(source).ReadOnlyRights} ON *.* TO the user) and run cutover again with that user.");
        }
    }

    // read_only does not stop an account with SUPER or CONNECTION_ADMIN (READ_ONLY ADMIN on MariaDB): while one is connected,
    // the window could not keep its writes out, so the cut-over names those sessions and stops first.
    private async Task RefuseWritersAsync(MySqlConnection source, string outcome, CancellationToken ct, Func<Task>? undo = null)
    {
        var writers = await MySqlChangeCapture.WritersUnderReadOnlyAsync(source, ct);
        if (writers.Count == 0)
            return;
        if (undo is not null)
            await undo();
        throw new SchemaException(
            $"Cannot stop every writer on {_from.Display}: read_only does not stop accounts with {string.Join(" or ", MySqlFlavor.Of(source).WriteUnderReadOnly)}, " +
            $"and {writers.Count} such session(s) are connected: {string.Join("; ", writers.Take(10))}{(writers.Count > 10 ? "; …" : "")}. {outcome}. " +
            "End them (or connect the application with an account without those rights), then run cutover again.");
    }

    // How long read_only may wait for a session's table lock or commit before the cut-over gives up (writes still allowed);
    // under the driver's 30 s command timeout.
    private const int ReadOnlyWaitSeconds = 20;

    private async Task StopWritesAsync(DbConnection source, CancellationToken ct)
    {
        await source.ExecuteAsync(new CommandDefinition($"SET SESSION lock_wait_timeout = {ReadOnlyWaitSeconds}", cancellationToken: ct));
        try
        {
            await ReadOnlyAsync(source, MySqlChangeCapture.SetReadOnly, ct);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.LockWaitTimeout)
        {
            throw new SchemaException(
                $"Cannot stop writes on {_from.Display}: MySQL waited {ReadOnlyWaitSeconds} s for a lock another session holds (LOCK TABLES, " +
                "or a write still committing) and gave up. Nothing was changed: writes still go to MySQL. Find the session with SHOW PROCESSLIST " +
                "and run cutover again.");
        }
    }

    // Rounds of applying before writes stop: the changes that keep coming are left for the window's drain.
    private const int PrecheckRounds = 20;

    // Applies what is pending, at most PrecheckRounds batches.
    private static async Task ApplyPendingAsync(ChangeApplier applier, DbConnection source, DbConnection target, CancellationToken ct)
    {
        for (var round = 0; round < PrecheckRounds && await applier.ApplyBatchAsync(source, target, 1000, ct) > 0; round++)
        {
        }
    }

    // Passes of catching up after the row counts, and the length of a pass short enough to stop at.
    private const int CatchUpPasses = 6;
    private static readonly TimeSpan CaughtUp = TimeSpan.FromSeconds(0.15);

    /// <summary>
    /// While writes still go to MySQL: the pending changes applied, then every key applied since the full copy compared and
    /// marked checked where both sides are equal (<see cref="CutoverVerifier.PrecheckChangedKeysAsync"/>), so that the window
    /// compares only the keys applied after that. Nothing here changes MySQL; a failure leaves it as it was.
    /// </summary>
    private async Task<long> PrecheckAsync(MySqlConnection source, NpgsqlConnection target, IReadOnlyList<SyncTable> tables, ISyncProgress progress,
        CancellationToken ct)
    {
        progress.Info("Before writes stop: applying the pending changes and comparing the keys changed since the full copy.");
        var applier = Applier(tables, ErrorPolicy.Fail);
        await ApplyPendingAsync(applier, source, target, ct);
        var (equal, _) = await CutoverVerifier.PrecheckChangedKeysAsync(source, target, tables, await TargetDatabase.QuarantineAsync(target, ct), ct);
        return equal;
    }

    // The tests' pauses (SyncTestHook): after the row counts (until the file exists) and before read-only (until file.window does).
    // Since when MySQL is read-only and which step the window is at, kept on PostgreSQL (MySQL is read-only): what a cut-over
    // killed in its window leaves is read back by status, sync and the next cut-over (InterruptedCutoverAsync).
    private Task MarkWindowAsync(DbConnection target, string step, CancellationToken ct) =>
        target.ExecuteAsync(new CommandDefinition(
            $"UPDATE {StateTable} SET window_ms = COALESCE(window_ms, @now), window_step = @step WHERE id = 1",
            new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), step }, cancellationToken: ct));

    /// <summary>
    /// What a cut-over killed (or stopped) in its window left, in one sentence with the ways on; null when nothing: MySQL read-only
    /// since the window began, or the forward capture partly removed after PostgreSQL took over.
    /// </summary>
    private async Task<string?> InterruptedCutoverAsync(DbConnection source, DbConnection target, CancellationToken ct)
    {
        if (!Forward || !(await _target.SyncTablesAsync(target, ct)).Contains(StateTable))
            return null;
        // Read through jsonb: a sync installed by an older build has no window marks, and status changes nothing to read them.
        var (windowMs, step, cutoverMs) = await target.QuerySingleAsync<(long?, string?, long?)>(new CommandDefinition(
            $"SELECT (to_jsonb(s) ->> 'window_ms')::bigint, to_jsonb(s) ->> 'window_step', cutover_ms FROM {StateTable} s WHERE id = 1",
            cancellationToken: ct));
        if (cutoverMs is not null)
        {
            var left = (await _source.TriggersAsync(source, ct)).Count;
            return left == 0 ? null
                : $"the cut-over was interrupted while removing the forward capture: {left} of its triggers are still on {_from.Display}. " +
                  "Keep MySQL read-only and run cutover again: it finishes the removal.";
        }
        if (windowMs is not { } since || !await source.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT @@GLOBAL.read_only = 1", cancellationToken: ct)))
            return null;
        return $"{_from.Display} has been read-only since {DateTimeOffset.FromUnixTimeMilliseconds(since):u} by a cut-over interrupted at: {step}. " +
               $"Either run cutover again (it takes over from there), or let writes go to MySQL again with `{MySqlChangeCapture.UnsetReadOnly};` on that server.";
    }

    private async Task PauseForTestAsync(string suffix, string where, ISyncProgress progress, CancellationToken ct)
    {
        if (CutoverPauseFile is not { } file)
            return;
        progress.Info(SyncTestHook.CutoverMarker + (where == "" ? "" : " " + where));
        while (!File.Exists(file + suffix))
            await Task.Delay(50, ct);
    }

    private SchemaException StillWriting(long pending) =>
        new($"{pending} change(s) were committed on {_from.Display} after it became read-only: a user with READ_ONLY ADMIN or SUPER " +
            "is still writing. Stop that writer and run cutover again.");

    // What the application's DATABASE_URL becomes; the password is the operator's to add.
    private string ApplicationUrl()
    {
        var b = new NpgsqlConnectionStringBuilder(_to.ConnectionString);
        var user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@";
        return $"postgresql+asyncpg://{user}{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database ?? "")}";
    }

    /// <summary>
    /// Before writes stop, after the pre-check: the row counts of every table the window does not compare in full, in
    /// snapshots kept open until the window (<see cref="CutoverBaseline"/>); then the changes that came meanwhile are applied,
    /// so that the window's drain is short. Nothing is applied while the counts are taken.
    /// </summary>
    private async Task<CutoverBaseline> BaselineAsync(MySqlConnection source, NpgsqlConnection target, IReadOnlyList<SyncTable> tables,
        IReadOnlySet<string> whole, IReadOnlyDictionary<string, TargetDatabase.TableState> states, int parallelism, ISyncProgress progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var counted = tables.Where(t => !whole.Contains(t.Name)).ToList();
        var baseline = await CutoverBaseline.TakeAsync(OpenSourceAsync, token => OpenAsync(_to, token), source, target, tables, counted, states,
            await TargetDatabase.QuarantineAsync(target, ct), parallelism, ct);
        try
        {
            progress.Info($"Before writes stop: row counts of {counted.Count} table(s) taken in {clock.Elapsed.TotalSeconds:0.00} s, " +
                "in snapshots held open until the window.");
            await PauseForTestAsync("", "", progress, ct);
            var applier = Applier(tables, ErrorPolicy.Fail);
            applier.OnApplied = baseline.Applied;
            // Each pass handles the writes that came during the one before, so passes shorten until one is short enough
            // that what comes during it can be left to the window.
            for (var pass = 1; pass <= CatchUpPasses; pass++)
            {
                clock.Restart();
                await ApplyPendingAsync(applier, source, target, ct);
                var quarantine = await TargetDatabase.QuarantineAsync(target, ct);
                var (equal, _) = await CutoverVerifier.PrecheckChangedKeysAsync(source, target, tables, quarantine, ct, again: true);
                var reached = await baseline.PrepareAsync(source, target, quarantine, ct);
                progress.Info($"Before writes stop, pass {pass}: {equal:N0} key(s) changed meanwhile and {reached:N0} row(s) their foreign-key " +
                    $"actions reach compared in {clock.Elapsed.TotalSeconds:0.00} s.");
                if (clock.Elapsed < CaughtUp)
                    break;
            }
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The window's verification (<see cref="CutoverVerifier"/>): a full comparison of the tables in <paramref name="whole"/>
    /// (not verified by the full copy, or all with --full-verify); for the others the changed keys row by row and the row
    /// counts brought forward from <paramref name="baseline"/>.
    /// </summary>
    private async Task<(List<TableVerification> Tables, long Keys, long Reached)> VerifyAsync(MySqlConnection source, NpgsqlConnection target,
        IReadOnlyList<SyncTable> tables, CutoverBaseline baseline, IReadOnlySet<string> whole, IReadOnlyDictionary<string, TargetDatabase.TableState> states,
        int parallelism, ISyncProgress progress, CancellationToken ct)
    {
        var results = new List<TableVerification>();
        if (whole.Count > 0)
        {
            progress.Info($"Comparing in full: {string.Join(", ", whole.Order(StringComparer.Ordinal))}.");
            var compared = await new DataCopier(_from, _to, _migrations, _log, _copyProgress).VerifyAsync(parallelism, ct, whole.ToHashSet(StringComparer.Ordinal));
            if (compared.FirstMismatch is { } m)
                throw new CutoverException($"Verification failed: {m}.", true);
            results.AddRange(compared.Tables.Select(t => t.Verification!));
        }
        progress.Info("Verifying the changed keys (and the rows their foreign-key actions reached) and the row counts since the snapshots.");
        var quarantine = await TargetDatabase.QuarantineAsync(target, ct);
        var clock = Stopwatch.StartNew();
        var (counted, keys, reached) = await baseline.VerifyAsync(source, target, tables, states, quarantine,
            recount =>
            {
                progress.Info($"Counting again in full: {string.Join(", ", recount.Select(t => t.Name))}.");
                return CutoverVerifier.CountAsync(OpenSourceAsync, token => OpenAsync(_to, token), recount, states, quarantine, parallelism, ct);
            }, ct);
        results.AddRange(counted);
        progress.Info($"Verified in {clock.Elapsed.TotalSeconds:0.00} s: {keys:N0} changed key(s), {reached:N0} row(s) their foreign-key actions reached, " +
            "row counts of every table.");
        return (tables.Select(t => results.Single(r => r.Table == t.Name)).ToList(), keys, reached);
    }
}
