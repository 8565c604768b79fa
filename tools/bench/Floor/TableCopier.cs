using System.Diagnostics;
using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.Bench.Floor;

/// <summary>Streams one table from MariaDB (unbuffered reader) into one PostgreSQL binary COPY.</summary>
internal sealed class TableCopier(string mySql, string postgres)
{
    // Synchronous on purpose: each table has its own thread, and the row loop is the hot path.
    public long Copy(string table, IReadOnlyList<TargetColumn> columns)
    {
        var clock = Stopwatch.StartNew();
        using var source = new MySqlConnection(mySql);
        source.Open();
        using (var tz = new MySqlCommand("SET time_zone = '+00:00'", source))
            tz.ExecuteNonQuery();

        using var target = new NpgsqlConnection(postgres);
        target.Open();
        // Foreign keys are triggers in PostgreSQL; replica mode skips them so tables load in any order.
        using (var mode = new NpgsqlCommand("SET session_replication_role = replica", target))
            mode.ExecuteNonQuery();

        using var select = new MySqlCommand(
            $"SELECT {string.Join(", ", columns.Select(c => $"`{c.Name}`"))} FROM `{table}`", source) { CommandTimeout = 0 };
        using var reader = select.ExecuteReader();
        var writers = columns.Select(c => c.Writer()).ToArray();

        long rows = 0;
        using (var copy = target.BeginBinaryImport(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)"))
        {
            while (reader.Read())
            {
                copy.StartRow();
                for (var i = 0; i < writers.Length; i++)
                {
                    if (reader.IsDBNull(i))
                        copy.WriteNull();
                    else
                        writers[i](reader, i, copy);
                }
                rows++;
            }
            copy.Complete();
        }
        Console.Error.WriteLine($"floor: {table}: {rows} rows in {clock.Elapsed.TotalSeconds:F1} s");
        return rows;
    }
}
