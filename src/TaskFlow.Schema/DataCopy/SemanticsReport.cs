using System.Globalization;
using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.Dialects.MySql;
using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.DataCopy;

/// <summary>
/// Where a value keeps its bytes but not its meaning after the move: text columns that compare otherwise on
/// PostgreSQL than on MySQL (case, accents, trailing spaces), limits of MySQL's columns that only the way back meets
/// (TIMESTAMP's range and precision, TEXT's bytes, DATE's years), and the source rows that a unique index of the target
/// would already find equal. Read from both catalogs: the live MySQL database and a PostgreSQL schema at its step.
/// </summary>
public sealed record SemanticsReport(string Source, string Target, long Step, IReadOnlyList<TextColumnComparison> Text,
    IReadOnlyList<SemanticsReport.WayBackLimit> WayBack, IReadOnlyList<string> Collisions)
{
    /// <summary>A limit of the MySQL column that values written on PostgreSQL may pass: met on the way back.</summary>
    public sealed record WayBackLimit(string Table, string Column, string MySqlType, string Limit)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Table}.{Column}: {Limit}";
    }

    private sealed record MySqlColumn(string DataType, string ColumnType, string? Collation, int? Precision);

    private sealed record PostgreSqlColumn(string Category, string? Collation, bool Deterministic, string? Locale);

    /// <summary>The report for <paramref name="my"/> (the source) against the schema of <paramref name="pg"/>.</summary>
    public static async Task<SemanticsReport> BuildAsync(string source, string target, long step, MySqlConnection my, NpgsqlConnection pg, CancellationToken ct)
    {
        var mysql = new Dictionary<(string, string), MySqlColumn>();
        foreach (var r in await CatalogReader.RowsAsync(my, """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLLATION_NAME, DATETIME_PRECISION FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE()
            """, ct))
            mysql[(r[0]!, r[1]!)] = new MySqlColumn(r[2]!, r[3]!, r[4], r[5] is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null);

        var unique = (await CatalogReader.RowsAsync(my, """
            SELECT DISTINCT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0
            """, ct)).Select(r => (r[0]!, r[1]!)).ToHashSet();
        var text = new List<TextColumnComparison>();
        var wayBack = new List<WayBackLimit>();
        foreach (var r in await CatalogReader.RowsAsync(pg, """
            SELECT c.relname, a.attname, t.typcategory::text, co.collname, COALESCE(co.collisdeterministic, true)::text,
                   COALESCE(to_jsonb(co)->>'colllocale', to_jsonb(co)->>'colliculocale', co.collcollate)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE 'taskflow\_%'
            ORDER BY c.relname, a.attnum
            """, ct))
        {
            if (!mysql.TryGetValue((r[0]!, r[1]!), out var column))
                continue;
            var pgColumn = new PostgreSqlColumn(r[2]!, r[3], r[4] == "true", r[5]);
            if (TextOf(r[0]!, r[1]!, column, pgColumn, unique.Contains((r[0]!, r[1]!))) is { } differs)
                text.Add(differs);
            if (LimitOf(column) is { } limit)
                wayBack.Add(new WayBackLimit(r[0]!, r[1]!, column.ColumnType, limit));
        }
        var collisions = await CollationCollisions.FindAsync(my, pg, 20, ct);
        return new SemanticsReport(source, target, step, text, wayBack, collisions.Select(c => c.ToString()).ToList());
    }

    // Text both sides compare by a collation (enumerations and JSON compare by value on PostgreSQL).
    private static TextColumnComparison? TextOf(string table, string name, MySqlColumn mysql, PostgreSqlColumn postgres, bool unique)
    {
        if (postgres.Category != "S" || mysql.Collation is null || mysql.DataType is "enum" or "set")
            return null;
        var my = MySqlCollation.Of(mysql.Collation);
        var level = postgres.Locale ?? "";
        var pg = postgres.Deterministic
            ? new TextComparison(postgres.Collation ?? "default", false, false, false)
            : new TextComparison(postgres.Collation!, true, !level.Contains("level2", StringComparison.Ordinal) && !level.Contains("level3", StringComparison.Ordinal), false);
        return TextColumnComparison.IfDiffers(table, name, my.Comparison, pg, unique);
    }

    private static string? LimitOf(MySqlColumn mysql) => mysql.DataType switch
    {
        "timestamp" => "MySQL's TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC" +
                       (mysql.Precision is null or 0 ? " in whole seconds" : $" to {mysql.Precision} decimal(s) of a second") +
                       ", PostgreSQL's timestamptz any year to the microsecond: on the way back a later time is refused" +
                       (mysql.Precision is null or < 6 ? " and finer fractions are cut" : ""),
        "date" => "MySQL's DATE holds the years 1 to 9999, PostgreSQL's date more: on the way back another year is refused",
        "tinytext" => TextLimit("TINYTEXT", 255),
        "text" => TextLimit("TEXT", 65_535),
        "mediumtext" => TextLimit("MEDIUMTEXT", 16_777_215),
        _ => null,
    };

    private static string TextLimit(string type, long bytes) =>
        $"MySQL's {type} holds {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, PostgreSQL's text up to 1 GB: on the way back a longer value is refused";
}
