using Dapper;

namespace TaskFlow.Schema.Sync;

public sealed partial class Synchronizer
{
    /// <summary>State, pending count, lag, last change applied, and each table's state.</summary>
    public async Task<SyncStatus> StatusAsync(CancellationToken ct)
    {
        await using var source = await OpenSourceAsync(ct);
        await using var target = await OpenAsync(_to, ct);
        var sourceTables = await _source.SyncTablesAsync(source, ct);
        var targetTables = await _target.SyncTablesAsync(target, ct);
        var capturing = sourceTables.Contains(ChangesTable);
        var (pending, lag) = capturing ? await PendingAsync(source, ct) : (0, 0);
        var perTable = capturing
            ? (await source.QueryAsync<(string Table, long Count)>(new CommandDefinition(
                $"SELECT table_name, COUNT(*) FROM {ChangesTable} GROUP BY table_name", cancellationToken: ct))).ToDictionary(t => t.Table, t => t.Count)
            : [];
        State? state = null;
        if (targetTables.Contains(StateTable))
            state = await target.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
                $"SELECT applied AS Applied, last_change_id AS LastChangeId, last_applied_ms AS LastAppliedMs, cutover_ms AS CutoverMs FROM {StateTable} WHERE id = 1",
                cancellationToken: ct));
        var name = (capturing, state) switch
        {
            (_, { CutoverMs: not null }) when Forward => "cut over",
            (false, _) when Forward => "not installed",
            (false, _) => sourceTables.Contains(CaptureTable) ? "cut over" : "not installed",
            (true, null) => Forward ? "copying" : "cut over",
            _ => "syncing",
        };
        var copyStates = name == "copying" && Forward ? await CopyStatesAsync(target, ct) : [];
        var tables = capturing
            ? (await _source.KeyedTablesAsync(source, ct)).Select(t =>
            {
                var count = perTable.GetValueOrDefault(t.Table);
                var tableState = name == "copying"
                    ? copyStates.GetValueOrDefault(t.Table) == "done" ? "copied" : "copy pending"
                    : count > 0 ? $"{count} pending" : "in sync";
                return new TableSyncStatus(t.Table, tableState, count);
            }).ToList()
            : [];
        var notice = await InterruptedCutoverAsync(source, target, ct);
        if (notice is not null)
            name = name == "cut over" ? "cut over, forward capture partly removed" : "read-only: cut-over interrupted";
        return new SyncStatus(_from.Display, _to.Display, name, pending, lag, state?.Applied ?? 0, state?.LastChangeId,
            state?.LastAppliedMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, tables, notice);
    }

    /// <summary>Removes triggers, change tables and bookkeeping from both sides; refuses while changes are pending unless forced.</summary>
    public async Task<long> StopAsync(bool force, CancellationToken ct)
    {
        await using var source = await OpenSourceAsync(ct);
        await using var target = await OpenAsync(_to, ct);
        await LockAsync(target, ct);
        var (pending, _) = (await _source.SyncTablesAsync(source, ct)).Contains(ChangesTable) ? await PendingAsync(source, ct) : (0, 0);
        if (pending > 0 && !force)
            throw new SchemaException(
                $"{pending} change(s) captured on {_from.Display} are not applied to {_to.Display} yet: run `taskflow-schema sync --until-caught-up` first, or pass --force to drop them.");
        // The schema's own triggers on PostgreSQL are switched back on, whichever side it was.
        var (pg, pgCapture) = Forward ? (target, _target) : (source, _source);
        var tables = (await pgCapture.KeyedTablesAsync(pg, ct)).Select(t => t.Table).ToList();
        await pgCapture.RestoreTargetAsync(pg, null, tables, ct);
        await _source.RemoveAsync(source, ct);
        await _target.RemoveAsync(target, ct);
        return pending;
    }

    private static async Task<Dictionary<string, string>> CopyStatesAsync(System.Data.Common.DbConnection target, CancellationToken ct)
    {
        if (!await target.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('taskflow_copy_state') IS NOT NULL", cancellationToken: ct)))
            return [];
        return (await target.QueryAsync<(string Table, string Status)>(new CommandDefinition(
            "SELECT table_name, status FROM taskflow_copy_state", cancellationToken: ct))).ToDictionary(t => t.Table, t => t.Status);
    }

    private sealed record State(long Applied, long? LastChangeId, long? LastAppliedMs, long? CutoverMs);
}
