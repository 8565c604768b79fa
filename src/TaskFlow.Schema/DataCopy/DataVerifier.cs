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
internal sealed class DataVerifier(SourceDatabase source, ConnectionTarget target, ICopyProgress progress)
{
    public async Task<TableVerification> VerifyAsync(TablePlan plan, IReadOnlySet<string> quarantined, long estimate, CancellationToken ct)
    {
        await using var my = await source.OpenAsync(ct);
        await using var pg = (NpgsqlConnection)await DialectRegistry.Driver(DatabaseEngine.PostgreSql).OpenAsync(target, null, ct);
        progress.TableStarted("verify", plan.Name, estimate);
        var result = await Task.Run(() => Compare(plan, quarantined, my, pg, ct), ct);
        progress.TableFinished("verify", plan.Name, result.TargetRows);
        return result;
    }

    private TableVerification Compare(TablePlan plan, IReadOnlySet<string> quarantined, MySqlConnection my, NpgsqlConnection pg, CancellationToken ct)
    {
        var sourceConverters = plan.Converters();
        var targetConverters = plan.Converters();
        using var sourceCommand = SourceDatabase.SelectRows(my, plan, sourceConverters);
        using var targetCommand = new NpgsqlCommand(
            $"SELECT {string.Join(", ", targetConverters.Select(c => c.TargetExpression(CopyState.Quote(c.Column.Name))))} " +
            $"FROM {CopyState.Quote(plan.Name)} ORDER BY {CopyState.Quote(plan.Key)}", pg) { CommandTimeout = 0 };
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
        using var sourceHash = new RowHasher();
        using var targetHash = new RowHasher();
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
