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

    /// <summary>The target side's row count and checksum, read from PostgreSQL alone.</summary>
    public async Task<(long Rows, string Checksum)> HashTargetAsync(TablePlan plan, long estimate, CancellationToken ct)
    {
        await using var pg = await target.OpenAsync(null, ct);
        await TargetSession.PrepareReadBackAsync(pg, ct);
        progress.TableStarted("verify", plan.Name, estimate);
        var result = await Blocking.RunAsync(() => HashTarget(plan, pg, ct), ct);
        progress.TableFinished("verify", plan.Name, result.Rows);
        return result;
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

    // A table that copy-data loaded lies on disk in key order (one COPY in key order into an emptied table; deleted orphans
    // leave gaps, not disorder), so a plain sequential scan reads it in key order without an index scan's page-by-page
    // visits. That is checked on every row, not assumed: at the first key out of order the table is read again with ORDER BY.
    private (long Rows, string Checksum) HashTarget(TablePlan plan, NpgsqlConnection pg, CancellationToken ct) =>
        HashTarget(plan, pg, ordered: false, ct) ?? HashTarget(plan, pg, ordered: true, ct)!.Value;

    private (long Rows, string Checksum)? HashTarget(TablePlan plan, NpgsqlConnection pg, bool ordered, CancellationToken ct)
    {
        var converters = plan.Converters();
        var keyOrdinal = plan.KeyOrdinal;
        using var command = TargetRows(plan, pg, converters, ordered);
        var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        using var registration = ct.Register(() => Quietly(command.Cancel));
        var hasher = new RowHasher();
        var row = new string?[converters.Length];
        string? previous = null;
        try
        {
            while (reader.Read())
            {
                for (var i = 0; i < converters.Length; i++)
                    row[i] = converters[i].TargetCanonical(reader, i);
                if (!ordered)
                {
                    if (previous is not null && plan.CompareKeys(previous, row[keyOrdinal]!) >= 0)
                    {
                        // Stop the scan rather than drain it.
                        Quietly(command.Cancel);
                        progress.Info($"{plan.Name}: rows are not stored in key order; reading the table again in key order");
                        return null;
                    }
                    previous = row[keyOrdinal];
                }
                hasher.Add(row);
                if (hasher.Rows % 4096 == 0)
                    progress.Rows("verify", plan.Name, hasher.Rows);
            }
        }
        finally
        {
            Quietly(reader.Dispose);
        }
        ct.ThrowIfCancellationRequested();
        return (hasher.Rows, hasher.Finish());
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
        var sourceHash = new RowHasher();
        var targetHash = new RowHasher();
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

    private static string Shown(string? value) => value is null ? "NULL" : "'" + BadValue.Show(value) + "'";
}
