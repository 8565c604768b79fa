using System.Data;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Compares a table on both sides: both streamed in key order, every value reduced to its canonical
/// text by the same converter, rows matched by key. Quarantined source rows are left out by key.
/// Reports counts, a checksum per side, and the first differing key and column.
/// </summary>
/// <remarks>
/// After a copy, the source side's count and checksum are already known (the loader computed them
/// from the rows it wrote, see <see cref="TableLoader"/>): then only the target is read and hashed,
/// and the two-sided merge runs only for a table whose count or checksum differs, to name the first
/// differing key and column.
/// </remarks>
internal sealed class DataVerifier(SourceDatabase source, TargetDatabase target, ICopyProgress progress)
{
    /// <summary>The source side as the loader hashed it: rows written, their checksum, rows quarantined.</summary>
    public sealed record SourceSide(long Rows, string Checksum, long Excluded);

    // Whether this server's hashtextextended is the one RowDigest computes (checked once, on first use).
    private readonly Lazy<Task<bool>> _serverDigests = new(() => ServerDigestsAsync(target), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The target side's row count and checksum, from PostgreSQL alone: computed by the server itself (<see cref="RowDigest.Sql"/>),
    /// so no row leaves it; on a server whose hash differs from <see cref="PgHash"/>, from the rows read back instead.
    /// </summary>
    public async Task<(long Rows, string Checksum)> HashTargetAsync(TablePlan plan, long estimate, CancellationToken ct)
    {
        await using var pg = await target.OpenAsync(null, ct);
        await TargetSession.PrepareReadBackAsync(pg, ct);
        progress.TableStarted("verify", plan.Name, estimate);
        (long Rows, string Checksum) result;
        if (await _serverDigests.Value)
        {
            result = await DigestOnServerAsync(plan, pg, ct);
        }
        else
        {
            progress.Info($"{plan.Name}: this server's hashtextextended is not the one this tool computes; reading the table back to hash it");
            result = await Blocking.RunAsync(() => HashTarget(plan, pg, ct), ct);
        }
        progress.TableFinished("verify", plan.Name, result.Rows);
        return result;
    }

    private static async Task<(long Rows, string Checksum)> DigestOnServerAsync(TablePlan plan, NpgsqlConnection pg, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(TargetDatabase.DigestSql(plan), pg) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), RowDigest.Format(unchecked((ulong)reader.GetInt64(1))));
    }

    // Strings of every length around the hash's 12-byte blocks, multi-byte characters, seeds zero and not.
    private static async Task<bool> ServerDigestsAsync(TargetDatabase target)
    {
        var probes = Enumerable.Range(0, 40).Select(n => string.Concat(Enumerable.Range(0, n).Select(i => i % 7 == 3 ? "é" : i % 11 == 5 ? "😀" : ((char)('a' + i % 26)).ToString())))
            .ToArray();
        ulong[] seeds = [0, 1, 0x8000_0000_0000_0001, 0x1234_5678_9abc_def0];
        await using var pg = await target.OpenAsync(null, CancellationToken.None);
        await using var command = new NpgsqlCommand(
            "SELECT hashtextextended(p COLLATE \"C\", s) FROM unnest(@p) WITH ORDINALITY AS x(p, n) CROSS JOIN unnest(@s) WITH ORDINALITY AS y(s, m) ORDER BY n, m", pg);
        command.Parameters.AddWithValue("p", probes);
        command.Parameters.AddWithValue("s", seeds.Select(s => unchecked((long)s)).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        foreach (var probe in probes)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(probe);
            foreach (var seed in seeds)
                if (!await reader.ReadAsync() || unchecked((ulong)reader.GetInt64(0)) != PgHash.Of(bytes, seed))
                    return false;
        }
        return true;
    }

    /// <summary>
    /// Verifies one table: with <paramref name="loaded"/> (the source side hashed during this run's load and the target's
    /// hash taken after its commit), equal counts and checksums settle it; any difference, or no such pair, compares both
    /// sides row by row to name the first differing key and column.
    /// </summary>
    public async Task<TableVerification> VerifyAsync(TablePlan plan, IReadOnlySet<string> quarantined, long estimate,
        (SourceSide Source, (long Rows, string Checksum) Target)? loaded, CancellationToken ct)
    {
        if (loaded is { } pair)
        {
            var (expected, hashed) = pair;
            if (expected.Rows == hashed.Rows && expected.Checksum == hashed.Checksum)
                return new TableVerification(plan.Name, expected.Rows, hashed.Rows, expected.Excluded, expected.Checksum, hashed.Checksum, null);
            progress.Info($"{plan.Name}: target differs from the rows loaded ({hashed.Rows} rows, checksum {hashed.Checksum}; " +
                $"loaded {expected.Rows}, {expected.Checksum}); comparing with the source row by row");
        }
        return await CompareAsync(plan, quarantined, estimate, ct);
    }

    private async Task<TableVerification> CompareAsync(TablePlan plan, IReadOnlySet<string> quarantined, long estimate, CancellationToken ct)
    {
        await using var my = await source.OpenAsync(ct);
        await using var pg = await target.OpenAsync(null, ct);
        await TargetSession.PrepareReadBackAsync(pg, ct);
        var excused = await StillRefusedAsync(plan, quarantined, my, pg, ct);
        progress.TableStarted("verify", plan.Name, estimate);
        var result = await Blocking.RunAsync(() => Compare(plan, excused, my, pg, ct), ct);
        progress.TableFinished("verify", plan.Name, result.TargetRows);
        return result;
    }

    /// <summary>
    /// The quarantined keys whose source rows still cannot be copied: a value is still refused, or a foreign key's parent
    /// row is still absent from the target. Only those excuse a row missing from the target: a record in
    /// taskflow_copy_quarantine is a claim, and a claim that no longer holds (or never did) hides nothing.
    /// </summary>
    private static async Task<IReadOnlySet<string>> StillRefusedAsync(TablePlan plan, IReadOnlySet<string> quarantined, MySqlConnection my,
        NpgsqlConnection pg, CancellationToken ct)
    {
        var excused = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var converters = plan.Converters();
        foreach (var key in quarantined)
        {
            var values = new string?[converters.Length];
            var refused = false;
            await using (var select = SourceDatabase.SelectRow(my, plan, converters, key))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                // Gone from the source: nothing left to excuse.
                if (!await reader.ReadAsync(ct))
                    continue;
                for (var i = 0; i < converters.Length && !refused; i++)
                {
                    refused = !converters[i].TryRead(reader, i, out _);
                    values[i] = refused ? null : converters[i].Canonical();
                }
            }
            if (refused || await HasMissingParentAsync(plan, values, pg, ct))
                excused.Add(key);
        }
        return excused;
    }

    private static async Task<bool> HasMissingParentAsync(TablePlan plan, string?[] values, NpgsqlConnection pg, CancellationToken ct)
    {
        var ordinals = plan.Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        foreach (var fk in plan.ForeignKeys)
        {
            var child = fk.Columns.Select(c => values[ordinals[c]]).ToList();
            if (child.Any(v => v is null))
                continue;
            await using var exists = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM {TargetDatabase.Quote(fk.Parent)} WHERE " +
                string.Join(" AND ", fk.ParentColumns.Select((p, i) => $"{TargetDatabase.Quote(p)}::text = @p{i}")) + ")", pg);
            for (var i = 0; i < child.Count; i++)
                exists.Parameters.AddWithValue("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), child[i]!);
            if (await exists.ExecuteScalarAsync(ct) is false)
                return true;
        }
        return false;
    }

    // The digest does not depend on the order of the rows: the table is read as it lies.
    private (long Rows, string Checksum) HashTarget(TablePlan plan, NpgsqlConnection pg, CancellationToken ct)
    {
        var converters = plan.Converters();
        using var command = TargetRows(plan, pg, converters, ordered: false);
        var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        using var registration = ct.Register(() => Quietly(command.Cancel));
        var digest = new RowDigest(plan.KeyOrdinal);
        var row = new string?[converters.Length];
        try
        {
            while (reader.Read())
            {
                for (var i = 0; i < converters.Length; i++)
                    row[i] = converters[i].TargetCanonical(reader, i);
                digest.Add(row);
                if (digest.Rows % 4096 == 0)
                    progress.Rows("verify", plan.Name, digest.Rows);
            }
        }
        finally
        {
            Quietly(reader.Dispose);
        }
        ct.ThrowIfCancellationRequested();
        return (digest.Rows, digest.Finish());
    }

    private static NpgsqlCommand TargetRows(TablePlan plan, NpgsqlConnection pg, ColumnConverter[] converters, bool ordered = true) =>
        new($"SELECT {string.Join(", ", converters.Select(c => c.TargetExpression(TargetDatabase.Quote(c.Column.Name))))} " +
            $"FROM {TargetDatabase.Quote(plan.Name)}" +
            // Qualified: a bare name would sort by the output column of that name, the key's text.
            (ordered ? $" ORDER BY {TargetDatabase.Quote(plan.Name)}.{TargetDatabase.Quote(plan.Key)}" : ""), pg) { CommandTimeout = 0 };

    private TableVerification Compare(TablePlan plan, IReadOnlySet<string> quarantined, MySqlConnection my, NpgsqlConnection pg, CancellationToken ct)
    {
        var sourceConverters = plan.Converters();
        var targetConverters = plan.Converters();
        using var sourceCommand = SourceDatabase.SelectRows(my, plan, sourceConverters);
        using var targetCommand = TargetRows(plan, pg, targetConverters);
        var s = sourceCommand.ExecuteReader();
        var t = targetCommand.ExecuteReader(CommandBehavior.SequentialAccess);
        TableVerification? result = null;
        try
        {
            result = Merge(plan, quarantined, s, t, sourceConverters, targetConverters, ct);
            return result;
        }
        finally
        {
            // On a mismatch or an error, do not drain the rest of both tables just to close the readers.
            if (result?.Mismatch is not null || result is null)
            {
                Quietly(sourceCommand.Cancel);
                Quietly(targetCommand.Cancel);
            }
            Quietly(s.Dispose);
            Quietly(t.Dispose);
        }
    }

    private TableVerification Merge(TablePlan plan, IReadOnlySet<string> quarantined, MySqlDataReader s, NpgsqlDataReader t,
        ColumnConverter[] sourceConverters, ColumnConverter[] targetConverters, CancellationToken ct)
    {
        var keyOrdinal = plan.KeyOrdinal;
        var sourceHash = new RowDigest(keyOrdinal);
        var targetHash = new RowDigest(keyOrdinal);
        var sourceRow = new string?[sourceConverters.Length];
        var targetRow = new string?[targetConverters.Length];
        long sourceRows = 0, targetRows = 0, excluded = 0;
        Mismatch? mismatch = null;

        bool NextSource(out string? key)
        {
            while (s.Read())
            {
                key = ColumnConverter.Raw(s, keyOrdinal) ?? "NULL";
                if (quarantined.Contains(key))
                {
                    excluded++;
                    continue;
                }
                for (var i = 0; i < sourceConverters.Length; i++)
                {
                    if (!sourceConverters[i].TryRead(s, i, out var reason))
                    {
                        mismatch = new Mismatch(plan.Name, key, sourceConverters[i].Column.Name,
                            $"the source value cannot be copied ({reason}) and is not in the quarantine");
                        return false;
                    }
                    sourceRow[i] = sourceConverters[i].Canonical();
                }
                key = sourceRow[keyOrdinal]!;
                sourceRows++;
                return true;
            }
            key = null;
            return false;
        }

        bool NextTarget(out string? key)
        {
            if (!t.Read())
            {
                key = null;
                return false;
            }
            for (var i = 0; i < targetConverters.Length; i++)
                targetRow[i] = targetConverters[i].TargetCanonical(t, i);
            key = targetRow[keyOrdinal]!;
            targetRows++;
            return true;
        }

        var hasSource = NextSource(out var sourceKey);
        var hasTarget = NextTarget(out var targetKey);
        while (mismatch is null && (hasSource || hasTarget))
        {
            ct.ThrowIfCancellationRequested();
            var order = !hasSource ? 1 : !hasTarget ? -1 : plan.CompareKeys(sourceKey!, targetKey!);
            if (order < 0)
            {
                mismatch = new Mismatch(plan.Name, sourceKey!, null, "row is in the source but not in the target");
                break;
            }
            if (order > 0)
            {
                mismatch = new Mismatch(plan.Name, targetKey!, null, "row is in the target but not in the source");
                break;
            }
            for (var i = 0; i < sourceRow.Length && mismatch is null; i++)
                if (!string.Equals(sourceRow[i], targetRow[i], StringComparison.Ordinal))
                    mismatch = new Mismatch(plan.Name, sourceKey!, plan.Columns[i].Name,
                        $"source {Shown(sourceRow[i])}, target {Shown(targetRow[i])}");
            sourceHash.Add(sourceRow);
            targetHash.Add(targetRow);
            if (targetRows % 4096 == 0)
                progress.Rows("verify", plan.Name, targetRows);
            hasSource = NextSource(out sourceKey);
            hasTarget = NextTarget(out targetKey);
        }
        return new TableVerification(plan.Name, sourceRows, targetRows, excluded, sourceHash.Finish(), targetHash.Finish(), mismatch);
    }

    private static void Quietly(Action dispose)
    {
        try
        {
            dispose();
        }
        catch (Exception e) when (e is MySqlException or NpgsqlException or InvalidOperationException)
        {
            // A cancelled query reports its cancellation on close; the result is already known.
        }
    }

    /// <summary>A compared value as messages show it: quoted and shortened, or NULL.</summary>
    internal static string Shown(string? value) => value is null ? "NULL" : "'" + BadValue.Show(value) + "'";
}
