using System.Data.Common;
using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>Reads the current database from information_schema (MySQL 8 and MariaDB alike).</summary>
public sealed class MySqlInspector : ISchemaInspector
{
    private const string NotHistory = $"'{HistoryTable.Name}'";

    /// <inheritdoc/>
    public async Task<SchemaSnapshot> InspectAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var database = (await CatalogReader.RowsAsync(connection, "SELECT DATABASE()", cancellationToken))[0][0]!;
        string Unqualify(string text) => text.Replace($"`{database}`.", "", StringComparison.Ordinal);
        var objects = new List<SchemaObject>();

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> {NotHistory}
            """, cancellationToken))
            objects.Add(new("table", r[0]!, $"table collate {r[1]}{(string.IsNullOrEmpty(r[2]) ? "" : $" comment '{r[2]}'")}"));

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT, CHARACTER_SET_NAME
            FROM information_schema.COLUMNS c
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> {NotHistory}
              AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE')
            """, cancellationToken))
        {
            var definition = $"{r[2]} {(r[3] == "YES" ? "null" : "not null")}";
            if (r[4] is { } defaultValue)
                definition += $" default {defaultValue}";
            if (!string.IsNullOrEmpty(r[5]))
                definition += $" {r[5]!.ToLowerInvariant()}";
            if (!string.IsNullOrEmpty(r[6]))
                definition += $" as ({r[6]})";
            if (!string.IsNullOrEmpty(r[7]))
                definition += $" comment '{r[7]}'";
            if (r[8] is { } charset)
                definition += $" charset {charset}";
            objects.Add(new("column", $"{r[0]}.{r[1]}", definition));
        }

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, INDEX_NAME, MIN(NON_UNIQUE),
                   GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''), ' ', IFNULL(COLLATION, '')) ORDER BY SEQ_IN_INDEX SEPARATOR ', ')
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> {NotHistory}
            GROUP BY TABLE_NAME, INDEX_NAME
            """, cancellationToken))
            objects.Add(new("index", $"{r[0]}.{r[1]}", $"{(r[2] == "0" ? "unique " : "")}({r[3]})"));

        foreach (var r in await CatalogReader.RowsAsync(connection, """
            SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE,
                   GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '),
                   GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', ')
            FROM information_schema.REFERENTIAL_CONSTRAINTS rc
            JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME AND k.TABLE_NAME = rc.TABLE_NAME
            WHERE rc.CONSTRAINT_SCHEMA = DATABASE()
            GROUP BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE
            """, cancellationToken))
            objects.Add(new("foreign key", $"{r[0]}.{r[1]}", $"({r[5]}) references {r[2]} ({r[6]}) on delete {r[3]} on update {r[4]}"));

        foreach (var r in await CatalogReader.RowsAsync(connection, await ChecksQueryAsync(connection, cancellationToken), cancellationToken))
            objects.Add(new("check", $"{r[0]}.{r[1]}", CatalogReader.Squash(r[2]!)));

        foreach (var r in await CatalogReader.RowsAsync(connection, """
            SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
            """, cancellationToken))
            objects.Add(new("trigger", $"{r[0]}.{r[1]}", CatalogReader.Squash($"{r[2]} {r[3]} {r[4]}")));

        foreach (var r in await CatalogReader.RowsAsync(connection, """
            SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
            """, cancellationToken))
            objects.Add(new("view", r[0]!, CatalogReader.Squash(Unqualify(r[1]!))));

        return new SchemaSnapshot(objects);
    }

    // MariaDB names check constraints per table (its JSON checks are named after the column) and
    // has CHECK_CONSTRAINTS.TABLE_NAME; MySQL 8 names them per schema and has no such column.
    private static async Task<string> ChecksQueryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var hasTableName = (await CatalogReader.RowsAsync(connection, """
            SELECT COUNT(*) FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'CHECK_CONSTRAINTS' AND COLUMN_NAME = 'TABLE_NAME'
            """, cancellationToken))[0][0] != "0";
        return hasTableName
            ? "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
            : """
              SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE
              FROM information_schema.TABLE_CONSTRAINTS tc
              JOIN information_schema.CHECK_CONSTRAINTS cc
                ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
              WHERE tc.CONSTRAINT_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'
              """;
    }
}
