using System.Data.Common;
using System.Diagnostics;
using Dapper;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Dialects.MySql;

namespace TaskFlow.Schema.Sync;

public sealed partial class Synchronizer
{
    private const int KeysPerRead = 500;

    // Once read-only, what is pending drains in seconds; changes that keep coming come from a writer read_only does not stop.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The maintenance window: MySQL read-only, pending changes drained, every table compared (counts and checksums) and
    /// every key changed since the full copy compared row by row, identity positions set, the reverse capture installed on
    /// PostgreSQL and the forward one removed from MySQL. Any failure after read-only leaves MySQL the primary.
    /// </summary>
    public async Task<CutoverResult> CutoverAsync(int parallelism, ISyncProgress progress, CancellationToken ct)
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
        var tables = await TablesAsync(source, target, ct);

        try
        {
            await source.ExecuteAsync(new CommandDefinition(MySqlChangeCapture.SetReadOnly, cancellationToken: ct));
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied)
        {
            throw new SchemaException(
                $"Cannot stop writes on {_from.Display}: its user may not set read_only ({e.Message}). Nothing was changed. " +
                "Grant the right (MariaDB: GRANT READ_ONLY ADMIN ON *.* TO the user; MySQL 8: SYSTEM_VARIABLES_ADMIN and CONNECTION_ADMIN, or SUPER) " +
                "and run cutover again with that user.");
        }
        var window = Stopwatch.StartNew();
        progress.Info($"{_from.Display} is read-only; draining the pending changes.");
        try
        {
            var applier = Applier(tables, ErrorPolicy.Fail);
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

            progress.Info("Verifying every table (counts and checksums) and every key changed since the full copy.");
            var verified = await new DataCopier(_from, _to, _migrations, _log, _copyProgress).VerifyAsync(parallelism, ct);
            if (verified.FirstMismatch is { } m)
                throw new CutoverException($"Verification failed: table {m.Table}, key {m.Key}{(m.Column is null ? "" : ", column " + m.Column)}: {m.Description}.", true);
            var keys = await VerifyChangedKeysAsync(source, target, tables, ct);
            // Anything committed since the drain (a user whose writes read_only does not stop) was not verified.
            var (late, _) = await PendingAsync(source, ct);
            if (late > 0)
                throw StillWriting(late);

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
            await _source.RemoveAsync(source, ct);
            // MySQL becomes the way back's target at once, so `up` refuses there too until `sync stop`.
            await source.ExecuteAsync(new CommandDefinition(_source.CreateState, cancellationToken: ct));
            await source.ExecuteAsync(new CommandDefinition($"INSERT IGNORE INTO {StateTable} (id, source, copied_ms) VALUES (1, @source, @now)",
                new { source = _to.Display, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: ct));
            window.Stop();
            return new CutoverResult(_from.Display, _to.Display, window.Elapsed.TotalSeconds, drained,
                verified.Tables.Select(t => t.Verification!).ToList(), keys, ApplicationUrl());
        }
        catch (Exception e) when (e is not OperationCanceledException || ct.IsCancellationRequested)
        {
            var undo = $"{_from.Display} is still the primary, read-only, with its change capture in place; " +
                $"to allow writes on it again run `{MySqlChangeCapture.UnsetReadOnly};` on that server.";
            throw new CutoverException($"Cut-over stopped: {(e is SchemaException ? e.Message : e.GetType().Name + ": " + e.Message)} {undo}",
                e is CutoverException { VerificationFailed: true });
        }
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

    /// <summary>Every key the sync applied since the full copy, compared row by row (canonical values) on both sides.</summary>
    private static async Task<long> VerifyChangedKeysAsync(DbConnection source, DbConnection target, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        var pg = (NpgsqlConnection)target;
        var my = (MySqlConnection)source;
        var quarantined = (await TargetDatabase.QuarantineAsync(pg, ct)).Select(q => (q.Table, q.Key)).ToHashSet();
        long count = 0;
        foreach (var table in tables)
        {
            var keys = (await pg.QueryAsync<string>(new CommandDefinition(
                "SELECT row_key FROM taskflow_sync_keys WHERE table_name = @name ORDER BY row_key", new { name = table.Name }, cancellationToken: ct)))
                .Where(k => !quarantined.Contains((table.Name, k))).ToList();
            foreach (var chunk in keys.Chunk(KeysPerRead))
            {
                var mine = await SourceRowsAsync(my, table.Plan, chunk, ct);
                var theirs = await TargetRowsAsync(pg, table, chunk, ct);
                foreach (var (key, row) in mine)
                {
                    if (!theirs.Remove(key, out var other))
                        throw new CutoverException($"Verification failed: table {table.Name}, key {key}: row is in the source but not in the target.", true);
                    var differs = Enumerable.Range(0, row.Length).FirstOrDefault(i => !string.Equals(row[i], other[i], StringComparison.Ordinal), -1);
                    if (differs >= 0)
                        throw new CutoverException($"Verification failed: table {table.Name}, key {key}, column {table.Plan.Columns[differs].Name}: " +
                            $"source {BadValue.Show(row[differs]) ?? "NULL"}, target {BadValue.Show(other[differs]) ?? "NULL"}.", true);
                }
                if (theirs.Count > 0)
                    throw new CutoverException($"Verification failed: table {table.Name}, key {theirs.Keys.First()}: row is in the target but not in the source.", true);
                count += chunk.Length;
            }
        }
        return count;
    }

    private static async Task<Dictionary<string, string?[]>> SourceRowsAsync(MySqlConnection my, TablePlan plan, string[] keys, CancellationToken ct)
    {
        var converters = plan.Converters();
        await using var select = new MySqlCommand(
            $"SELECT {string.Join(", ", converters.Select(c => c.SourceExpression(SourceDatabase.Quote(c.Column.Name))))} FROM {SourceDatabase.Quote(plan.Name)} " +
            $"WHERE {SourceDatabase.Quote(plan.Key)} IN ({string.Join(", ", keys.Select((_, i) => "@k" + i))})", my);
        for (var i = 0; i < keys.Length; i++)
            select.Parameters.AddWithValue("@k" + i, keys[i]);
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new string?[converters.Length];
            for (var i = 0; i < converters.Length; i++)
            {
                if (!converters[i].TryRead(reader, i, out var reason))
                    throw new CutoverException($"Verification failed: table {plan.Name}, key {ColumnConverter.Raw(reader, plan.KeyOrdinal)}, " +
                        $"column {converters[i].Column.Name}: the source value cannot be copied ({reason}) and is not in the quarantine.", true);
                row[i] = converters[i].Canonical();
            }
            rows[row[plan.KeyOrdinal]!] = row;
        }
        return rows;
    }

    private static async Task<Dictionary<string, string?[]>> TargetRowsAsync(NpgsqlConnection pg, SyncTable table, string[] keys, CancellationToken ct)
    {
        var plan = table.Plan;
        var converters = plan.Converters();
        await using var select = new NpgsqlCommand(
            $"SELECT {string.Join(", ", converters.Select(c => c.TargetExpression(TargetDatabase.Quote(c.Column.Name))))} FROM {TargetDatabase.Quote(plan.Name)} " +
            $"WHERE {TargetDatabase.Quote(plan.Key)} = ANY(CAST(@keys AS {table.KeyType}[]))", pg);
        select.Parameters.AddWithValue("keys", keys);
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new string?[converters.Length];
            for (var i = 0; i < converters.Length; i++)
                row[i] = converters[i].TargetCanonical(reader, i);
            rows[row[plan.KeyOrdinal]!] = row;
        }
        return rows;
    }
}
