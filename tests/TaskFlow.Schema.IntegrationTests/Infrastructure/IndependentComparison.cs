using System.Globalization;
using System.Text.Json;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>
/// Compares every row of every table on a MySQL database and a PostgreSQL one with SQL written here, not with the
/// tool's converters or checksums: each side prints its values as text in its own SQL (dates as the server stores
/// them, timestamps in UTC to the microsecond, booleans as 0/1, UUIDs in lower case), JSON documents and text[]
/// arrays are compared as parsed JSON (numbers by value). A value mapped wrongly in both directions by the tool
/// still differs here.
/// </summary>
public static class IndependentComparison
{
    private sealed record Column(string Name, string Kind);

    /// <summary>Every difference found (empty when both sides hold the same rows), at most 20.</summary>
    public static Task<List<string>> DifferencesAsync(TestDatabase mysql, TestDatabase postgres, params string[] tablesToSkip) =>
        DifferencesAsync(mysql, postgres, wholeSeconds: false, tablesToSkip);

    /// <summary>
    /// As above; with <paramref name="wholeSeconds"/> timestamps are compared to the second: for the way back, where
    /// values written on PostgreSQL carry microseconds that MySQL's TIMESTAMP cannot hold.
    /// </summary>
    public static async Task<List<string>> DifferencesAsync(TestDatabase mysql, TestDatabase postgres, bool wholeSeconds, params string[] tablesToSkip)
    {
        var differences = new List<string>();
        var tables = await postgres.QueryAsync("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname NOT LIKE 'taskflow\_%' ORDER BY 1
            """);
        foreach (var table in tables.Select(t => t[0]!).Where(t => !tablesToSkip.Contains(t)))
        {
            var columns = (await postgres.QueryAsync($"""
                SELECT a.attname, CASE WHEN t.typcategory = 'A' THEN 'array' WHEN t.typtype = 'e' THEN 'text' ELSE t.typname END
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = '"{table}"'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                """)).Select(r => new Column(r[0]!, r[1]!)).ToList();
            var key = (await postgres.QueryAsync($"""
                SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = '"{table}"'::regclass AND i.indisprimary
                """)).Single()[0]!;
            var pgRows = await postgres.QueryAsync(
                $"SELECT {string.Join(", ", columns.Select(c => PostgresText(c)))} FROM \"{table}\"");
            await using var my = await mysql.OpenAsync();
            var myRows = await Inspection(my, $"SELECT {string.Join(", ", columns.Select(c => MySqlText(c)))} FROM `{table}`");
            var keyIndex = columns.FindIndex(c => c.Name == key);
            var source = myRows.ToDictionary(r => Normal(r[keyIndex], columns[keyIndex].Kind)!);
            var target = pgRows.ToDictionary(r => r[keyIndex]!);
            foreach (var k in source.Keys.Except(target.Keys).Order())
                differences.Add($"{table} key {k}: only in MySQL");
            foreach (var k in target.Keys.Except(source.Keys).Order())
                differences.Add($"{table} key {k}: only in PostgreSQL");
            foreach (var k in source.Keys.Intersect(target.Keys).Order())
                for (var i = 0; i < columns.Count; i++)
                    if (!Same(Normal(source[k][i], columns[i].Kind), target[k][i], columns[i].Kind, wholeSeconds))
                        differences.Add($"{table} key {k} column {columns[i].Name}: MySQL {Show(source[k][i])}, PostgreSQL {Show(target[k][i])}");
            if (differences.Count >= 20)
                break;
        }
        return differences.Take(20).ToList();
    }

    /// <summary>Asserts that both sides hold the same rows, listing the differences otherwise.</summary>
    public static Task AssertEqualAsync(TestDatabase mysql, TestDatabase postgres, params string[] tablesToSkip) =>
        AssertEqualAsync(mysql, postgres, wholeSeconds: false, tablesToSkip);

    /// <summary>Asserts that both sides hold the same rows, timestamps to the second when <paramref name="wholeSeconds"/>.</summary>
    public static async Task AssertEqualAsync(TestDatabase mysql, TestDatabase postgres, bool wholeSeconds, params string[] tablesToSkip)
    {
        var differences = await DifferencesAsync(mysql, postgres, wholeSeconds, tablesToSkip);
        Assert.That(differences, Is.Empty, string.Join("\n", differences));
    }

    private static async Task<List<string?[]>> Inspection(System.Data.Common.DbConnection my, string sql)
    {
        await using (var utc = my.CreateCommand())
        {
            utc.CommandText = "SET time_zone = '+00:00'";
            await utc.ExecuteNonQueryAsync();
        }
        await using var command = my.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(row);
        }
        return rows;
    }

    private static string PostgresText(Column c)
    {
        var q = $"\"{c.Name}\"";
        return c.Kind switch
        {
            "timestamptz" => $"CASE WHEN isfinite({q}) THEN to_char({q} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') ELSE {q}::text END",
            "timestamp" => $"CASE WHEN isfinite({q}) THEN to_char({q}, 'YYYY-MM-DD HH24:MI:SS.US') ELSE {q}::text END",
            "bool" => $"CASE WHEN {q} THEN '1' WHEN NOT {q} THEN '0' END",
            "array" => $"array_to_json({q})::text",
            _ => $"{q}::text",
        };
    }

    private static string MySqlText(Column c)
    {
        var q = $"`{c.Name}`";
        return c.Kind switch
        {
            "timestamptz" or "timestamp" => $"DATE_FORMAT({q}, '%Y-%m-%d %H:%i:%s.%f')",
            "uuid" => $"LOWER({q})",
            _ => $"CAST({q} AS CHAR)",
        };
    }

    private static string? Normal(string? value, string kind) => kind == "uuid" ? value?.ToLowerInvariant() : value;

    private static bool Same(string? mysql, string? postgres, string kind, bool wholeSeconds)
    {
        if (mysql is null || postgres is null)
            return mysql is null && postgres is null;
        if (wholeSeconds && kind is "timestamptz" or "timestamp" && mysql.Length >= 19 && postgres.Length >= 19)
            return mysql[..19] == postgres[..19];
        if (kind is "jsonb" or "json" or "array")
        {
            using var a = JsonDocument.Parse(mysql);
            using var b = JsonDocument.Parse(postgres);
            return SameJson(a.RootElement, b.RootElement);
        }
        return mysql == postgres;
    }

    private static bool SameJson(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                // The last of duplicate keys wins on both engines.
                var x = a.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
                var y = b.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
                return x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && SameJson(p.Value, v));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => SameJson(p.First, p.Second));
            case JsonValueKind.Number:
                return decimal.Parse(a.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    == decimal.Parse(b.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }

    private static string Show(string? value) => value is null ? "NULL" : "'" + (value.Length > 60 ? value[..60] + "…" : value) + "'";
}
