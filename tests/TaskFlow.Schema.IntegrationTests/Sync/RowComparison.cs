using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// For the way back (PostgreSQL to MySQL), where timestamps written on PostgreSQL carry microseconds MySQL's TIMESTAMP
/// cannot hold; otherwise <see cref="IndependentComparison"/> is the comparison. Every row of every data table on MySQL and on PostgreSQL, each printed by its own server's SQL written here (not the
/// tool's converters): timestamps as UTC text, booleans 0/1, UUIDs lower case, JSON and text[] parsed and printed with
/// sorted keys and numbers by value. Returns the differences.
/// </summary>
public static class RowComparison
{
    public static async Task AssertEqualAsync(TestDatabase mysql, TestDatabase postgres, bool wholeSeconds = false)
    {
        var differences = await DifferencesAsync(mysql, postgres, wholeSeconds);
        Assert.That(differences, Is.Empty, string.Join("\n", differences.Take(20)));
    }

    public static async Task<List<string>> DifferencesAsync(TestDatabase mysql, TestDatabase postgres, bool wholeSeconds)
    {
        var differences = new List<string>();
        var columns = (await postgres.QueryAsync("""
            SELECT c.table_name, c.column_name, CASE WHEN c.data_type = 'ARRAY' THEN 'array' WHEN c.data_type = 'USER-DEFINED' THEN 'text' ELSE c.udt_name END
            FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'taskflow\_%'
            ORDER BY c.table_name, c.ordinal_position
            """)).GroupBy(r => r[0]!);
        foreach (var table in columns)
        {
            var cols = table.Select(r => (Name: r[1]!, Kind: r[2]!)).ToList();
            var pg = await postgres.QueryAsync($"SELECT {string.Join(", ", cols.Select(c => Pg(c.Name, c.Kind, wholeSeconds)))} FROM \"{table.Key}\"");
            var my = await mysql.QueryAsync($"SELECT {string.Join(", ", cols.Select(c => My(c.Name, c.Kind)))} FROM `{table.Key}`");
            // Column 0 is "id" in every table of the schema.
            var a = my.Select(r => Normal(r, cols, wholeSeconds)).ToDictionary(r => r[0]!);
            var b = pg.Select(r => Normal(r, cols, wholeSeconds)).ToDictionary(r => r[0]!);
            foreach (var k in a.Keys.Except(b.Keys))
                differences.Add($"{table.Key} {k}: only in MySQL");
            foreach (var k in b.Keys.Except(a.Keys))
                differences.Add($"{table.Key} {k}: only in PostgreSQL");
            foreach (var k in a.Keys.Intersect(b.Keys))
                for (var i = 0; i < cols.Count; i++)
                    if (a[k][i] != b[k][i])
                        differences.Add($"{table.Key} {k} {cols[i].Name}: MySQL {a[k][i] ?? "NULL"}, PostgreSQL {b[k][i] ?? "NULL"}");
        }
        return differences;
    }

    private static string Pg(string name, string kind, bool wholeSeconds) => kind switch
    {
        "timestamptz" => $"to_char(\"{name}\" AT TIME ZONE 'UTC', '{(wholeSeconds ? "YYYY-MM-DD HH24:MI:SS" : "YYYY-MM-DD HH24:MI:SS.US")}')",
        "bool" => $"CASE WHEN \"{name}\" THEN '1' WHEN NOT \"{name}\" THEN '0' END",
        "array" => $"array_to_json(\"{name}\")::text",
        _ => $"\"{name}\"::text",
    };

    private static string My(string name, string kind) => kind switch
    {
        "timestamptz" => $"DATE_FORMAT(`{name}`, '%Y-%m-%d %H:%i:%s.%f')",
        _ => $"CAST(`{name}` AS CHAR)",
    };

    // wholeSeconds: timestamps written on PostgreSQL carry microseconds that MySQL's TIMESTAMP cannot hold.
    private static string?[] Normal(string?[] row, List<(string Name, string Kind)> cols, bool wholeSeconds) =>
        row.Select((v, i) => v is null ? null : cols[i].Kind switch
        {
            "uuid" => v.ToLowerInvariant(),
            "jsonb" or "json" or "array" => Canon(JsonNode.Parse(v)),
            "timestamptz" when wholeSeconds => v[..19],
            _ => v,
        }).ToArray();

    private static string Canon(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canon(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canon)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
