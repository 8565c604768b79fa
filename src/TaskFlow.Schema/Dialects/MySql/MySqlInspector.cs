using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>Reads the current database from information_schema (MySQL 8 and MariaDB alike).</summary>
public sealed partial class MySqlInspector : ISchemaInspector
{
    private const string NotHistory = $"'{HistoryTable.Name}'";

    /// <summary>A foreign key of the current database, its columns and the parent's in key order, its rules as MySQL names them.</summary>
    internal sealed record ForeignKey(string Table, string Name, string Parent, string DeleteRule, string UpdateRule,
        IReadOnlyList<string> Columns, IReadOnlyList<string> ParentColumns);

    /// <summary>Every foreign key of the current database.</summary>
    internal static async Task<List<ForeignKey>> ForeignKeysAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await CatalogReader.RowsAsync(connection, """
            SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE,
                   GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\n'),
                   GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\n')
            FROM information_schema.REFERENTIAL_CONSTRAINTS rc
            JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME AND k.TABLE_NAME = rc.TABLE_NAME
            WHERE rc.CONSTRAINT_SCHEMA = DATABASE()
            GROUP BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE
            """, cancellationToken))
        .Select(r => new ForeignKey(r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!.Split('\n'), r[6]!.Split('\n'))).ToList();

    /// <inheritdoc/>
    public async Task<SchemaSnapshot> InspectAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var database = (await CatalogReader.RowsAsync(connection, "SELECT DATABASE()", cancellationToken))[0][0]!;
        var flavor = MySqlFlavor.Of(connection);
        string Unqualify(string text) => text.Replace($"`{database}`.", "", StringComparison.Ordinal);
        var objects = new List<SchemaObject>();

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> {NotHistory}
            """, cancellationToken))
            objects.Add(new("table", r[0]!, "table")
            {
                Table = r[0],
                Notes = $"collate {r[1]}{(string.IsNullOrEmpty(r[2]) ? "" : $" comment '{r[2]}'")}",
            });

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT, CHARACTER_SET_NAME, COLLATION_NAME
            FROM information_schema.COLUMNS c
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> {NotHistory}
              AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE')
            """, cancellationToken))
        {
            var definition = $"{ColumnType(r[2]!)} {(r[3] == "YES" ? "null" : "not null")}";
            if (flavor.ColumnDefault(r[4], r[5], r[3] == "YES", r[2]!) is { } defaultValue)
                definition += $" default {defaultValue}";
            if (flavor.Extra(r[5]) is { Length: > 0 } extra)
                definition += $" {extra}";
            if (!string.IsNullOrEmpty(r[6]))
                definition += $" as ({r[6]})";
            if (r[8] is { } charset)
                definition += $" charset {charset}";
            var notes = string.Join(' ', new[] { r[9] is { } collation ? $"collate {collation}" : "", string.IsNullOrEmpty(r[7]) ? "" : $"comment '{r[7]}'" }
                .Where(n => n.Length > 0));
            objects.Add(new("column", $"{r[0]}.{r[1]}", definition) { Table = r[0], Notes = notes });
        }

        foreach (var r in await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_NAME, INDEX_NAME, MIN(NON_UNIQUE), MIN(INDEX_TYPE),
                   GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''), ' ', IFNULL(COLLATION, '')) ORDER BY SEQ_IN_INDEX SEPARATOR ', '),
                   COUNT(*), GROUP_CONCAT(CONCAT_WS('\t', COLUMN_NAME, IFNULL(SUB_PART, ''), IFNULL(COLLATION, '')) ORDER BY SEQ_IN_INDEX SEPARATOR '\n')
            FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> {NotHistory}
            GROUP BY TABLE_NAME, INDEX_NAME
            """, cancellationToken))
            objects.Add(new("index", $"{r[0]}.{r[1]}", $"{(r[1] == "PRIMARY" ? "primary " : r[2] == "0" ? "unique " : "")}({r[4]}) using {r[3]}")
            {
                Table = r[0],
                IdentifiedByMeaning = true,
                Shape = Shape(r[1] == "PRIMARY", r[2] == "0", r[3]!, int.Parse(r[5]!, CultureInfo.InvariantCulture), r[6]),
            });

        foreach (var fk in await ForeignKeysAsync(connection, cancellationToken))
            objects.Add(new("foreign key", $"{fk.Table}.{fk.Name}",
                $"({string.Join(", ", fk.Columns)}) references {fk.Parent} ({string.Join(", ", fk.ParentColumns)}) " +
                $"on delete {Rule(fk.DeleteRule)} on update {Rule(fk.UpdateRule)}")
            {
                Table = fk.Table,
                IdentifiedByMeaning = true,
            });

        foreach (var r in await CatalogReader.RowsAsync(connection, flavor.ChecksQuery, cancellationToken))
            objects.Add(new("check", $"{r[0]}.{r[1]}", CatalogReader.Squash(r[2]!)) { Table = r[0], IdentifiedByMeaning = true });

        foreach (var r in await CatalogReader.RowsAsync(connection, """
            SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
            """, cancellationToken))
            objects.Add(new("trigger", $"{r[0]}.{r[1]}", CatalogReader.Squash($"{r[2]} {r[3]} {r[4]}")) { Table = r[0] });

        var viewColumns = (await CatalogReader.RowsAsync(connection, """
            SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE FROM information_schema.COLUMNS c
            JOIN information_schema.VIEWS v ON v.TABLE_SCHEMA = c.TABLE_SCHEMA AND v.TABLE_NAME = c.TABLE_NAME
            WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
            """, cancellationToken)).ToLookup(r => r[0]!, r => (Name: r[1]!, Type: ColumnType(r[2]!)));
        foreach (var r in await CatalogReader.RowsAsync(connection, """
            SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
            """, cancellationToken))
        {
            var text = CatalogReader.Squash(Unqualify(r[1]!));
            var tables = ViewTables().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);
            objects.Add(new("view", r[0]!, CatalogReader.ViewDefinition(viewColumns[r[0]!], tables))
            {
                Notes = $"columns in order {string.Join(", ", viewColumns[r[0]!].Select(c => c.Name))}; text {text}",
            });
        }

        return new SchemaSnapshot(objects);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Indexes: <c>RENAME INDEX</c>, metadata only. Foreign keys cannot be renamed: dropped and added again in one
    /// in-place <c>ALTER TABLE</c> with <c>foreign_key_checks</c> off, so the rows are not re-checked and the table is
    /// not copied (the server refuses rather than copy). Checks are left alone: adding one copies the table.
    /// </remarks>
    public IReadOnlyList<string> RenameStatements(IReadOnlyList<SchemaRename> renames)
    {
        var statements = new List<string>();
        foreach (var (found, expected) in renames.Where(r => r.Found.Kind == "index" && r.Found.OwnName != "PRIMARY"))
            statements.Add($"ALTER TABLE `{found.Table}` RENAME INDEX `{found.OwnName}` TO `{expected.OwnName}`;");
        var keys = renames.Where(r => r.Found.Kind == "foreign key").ToList();
        if (keys.Count == 0)
            return statements;
        statements.Add("SET foreign_key_checks = 0;");
        foreach (var (found, expected) in keys)
        {
            var key = ForeignKeyText().Match(found.Definition);
            statements.Add($"ALTER TABLE `{found.Table}` DROP FOREIGN KEY `{found.OwnName}`, ADD CONSTRAINT `{expected.OwnName}` " +
                           $"FOREIGN KEY ({Quoted(key.Groups[1].Value)}) REFERENCES `{key.Groups[2].Value}` ({Quoted(key.Groups[3].Value)}) " +
                           $"ON DELETE {key.Groups[4].Value} ON UPDATE {key.Groups[5].Value}, ALGORITHM = INPLACE, LOCK = NONE;");
        }
        statements.Add("SET foreign_key_checks = 1;");
        return statements;
    }

    /// <inheritdoc/>
    /// <remarks>Built in place without blocking writes (<c>ALGORITHM = INPLACE, LOCK = NONE</c>); the server refuses rather than copy the table.</remarks>
    public IReadOnlyList<string> CreateIndexStatements(IReadOnlyList<SchemaObject> indexes) =>
        indexes.Select(i => $"ALTER TABLE `{i.Table}` ADD INDEX `{i.OwnName}` " +
                            $"({string.Join(", ", i.Shape!.Parts.Select(p => $"`{p.Column}`{(p.Prefix is { } n ? $"({n})" : "")}{(p.Descending ? " DESC" : "")}"))}), " +
                            "ALGORITHM = INPLACE, LOCK = NONE;").ToList();

    /// <inheritdoc/>
    /// <remarks>
    /// The column's own collation decides here; PostgreSQL compares as the migrations declare. Every other text column
    /// compares exactly on PostgreSQL where MySQL's collation ignores case: one note says so and where each is listed.
    /// </remarks>
    public IReadOnlyList<string> DeclaredTextNotes(SchemaSnapshot live, IReadOnlyDictionary<string, Model.TextCollation?> declared)
    {
        var notes = new List<string>();
        foreach (var (name, collation) in declared.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (live.Objects.FirstOrDefault(o => o.Kind == "column" && o.Name == name) is not { } column || CollateNote().Match(column.Notes) is not { Success: true } collate)
                continue;
            var unique = live.Objects.Any(o => o.Kind == "index" && o.Table == column.Table && o.Shape is { Unique: true } shape &&
                                               shape.Parts.Any(p => $"{o.Table}.{p.Column}" == name));
            if (TextColumnComparison.IfDiffers(column.Table!, name[(column.Table!.Length + 1)..], MySqlCollation.Of(collate.Groups[1].Value).Comparison,
                    TextComparison.OnPostgreSql(collation), unique) is { } differs)
                notes.Add($"text {differs}");
        }
        if (declared.Count > 0)
            notes.Add("text: every other text column compares exactly on PostgreSQL, where MySQL's collation ignores case and accents; " +
                      "`taskflow-schema copy-data --dry-run` lists each, with the rows that would collide");
        return notes;
    }

    [GeneratedRegex(@"\bcollate (\S+)")]
    private static partial Regex CollateNote();

    /// <inheritdoc/>
    /// <remarks>
    /// <c>ALTER DATABASE ... COLLATE</c> changes only what tables created later take: existing tables keep theirs. Where
    /// the tables have several collations none is chosen, and the log says which ones.
    /// </remarks>
    public async Task<IReadOnlyList<string>> DefaultStatementsAsync(DbConnection connection, IRunLog log, CancellationToken cancellationToken)
    {
        var tables = await CatalogReader.RowsAsync(connection, $"""
            SELECT TABLE_COLLATION, COUNT(*) FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> {NotHistory} AND TABLE_NAME NOT LIKE 'taskflow\_%'
            GROUP BY TABLE_COLLATION ORDER BY 2 DESC, 1
            """, cancellationToken);
        var database = (await CatalogReader.RowsAsync(connection,
            "SELECT SCHEMA_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()", cancellationToken))[0];
        if (tables.Count > 1)
            log.Warn($"The tables of {database[0]} have {tables.Count} collations ({string.Join(", ", tables.Select(t => $"{t[0]}: {t[1]} table(s)"))}): " +
                     $"tables created later take the database's default, {database[1]}.");
        // A collation's name begins with its character set's (utf8mb4_0900_ai_ci, latin1_swedish_ci).
        if (tables.Count != 1 || tables[0][0] == database[1] || tables[0][0] is not { } collation || collation.IndexOf('_', StringComparison.Ordinal) is not (> 0 and var end))
            return [];
        return [$"ALTER DATABASE `{database[0]}` CHARACTER SET {collation[..end]} COLLATE {collation};"];
    }

    // An index whose parts the catalog lists in full (a functional part has no column name, and its count would not match).
    private static IndexShape? Shape(bool primary, bool unique, string method, int count, string? parts)
    {
        var list = (parts ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('\t')).ToList();
        if (list.Count != count || list.Any(p => p.Length != 3))
            return null;
        return new IndexShape(primary, unique, method, list.Select(p =>
            new IndexPart(p[0], p[1].Length == 0 ? null : int.Parse(p[1], CultureInfo.InvariantCulture), p[2] == "D")).ToList());
    }

    private static string Quoted(string columns) => string.Join(", ", columns.Split(", ").Select(c => $"`{c}`"));

    // The foreign key text InspectAsync writes, read back.
    [GeneratedRegex(@"^\((.+?)\) references (\S+) \((.+?)\) on delete (.+?) on update (.+)$")]
    private static partial Regex ForeignKeyText();

    // Display widths of integer types say nothing about what is stored (MySQL 8 drops them, MariaDB shows them
    // always); TINYINT(1) is the exception, it is how both spell BOOLEAN.
    private static string ColumnType(string type) =>
        type.StartsWith("tinyint(1)", StringComparison.Ordinal) ? type : DisplayWidth().Replace(type, "$1");

    // InnoDB treats NO ACTION as RESTRICT: a hand-written script may spell either.
    private static string Rule(string rule) => rule == "NO ACTION" ? "RESTRICT" : rule;

    [GeneratedRegex(@"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")]
    private static partial Regex DisplayWidth();

    // Base tables a view reads, as MySQL and MariaDB print them after FROM and JOIN.
    [GeneratedRegex(@"(?:from|join)[\s(]*`(\w+)`", RegexOptions.IgnoreCase)]
    private static partial Regex ViewTables();
}
