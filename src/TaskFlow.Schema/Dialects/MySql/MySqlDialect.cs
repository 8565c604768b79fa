using FluentMigrator;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.MySql;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>
/// MySQL 8.0 (and MariaDB 10.11): inline ENUM, JSON, TIMESTAMP with ON UPDATE, utf8mb4 tables,
/// partial unique indexes emulated with a generated column.
/// </summary>
public sealed class MySqlDialect : ISchemaDialect
{
    /// <summary>Character set and collation of every table: real UTF-8, understood by MySQL 8 and MariaDB alike.</summary>
    // Tables take the database's character set and collation, so that an adopted database keeps one collation (the
    // database must be utf8mb4, checked before `up`). Earlier builds named both on every CREATE TABLE.
    private const string EarlierTableOptions = " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    private const string TableEnd = " ENGINE = INNODB;";

    private readonly MySqlQuoter _quoter = new();

    /// <inheritdoc/>
    public DatabaseEngine Engine => DatabaseEngine.MySql;

    /// <inheritdoc/>
    public string DisplayName => "MySQL";

    /// <inheritdoc/>
    public string ProcessorId => ProcessorIdConstants.MySql8;

    /// <inheritdoc/>
    public IMigrationGenerator CreateGenerator() => new TaskFlowMySqlGenerator(_quoter, GeneratorSettings.Strict);

    /// <inheritdoc/>
    public string Quote(string identifier) => _quoter.Quote(identifier);

    /// <inheritdoc/>
    public string Literal(string value) => _quoter.QuoteValue(value);

    /// <inheritdoc/>
    public string Varchar(int length) => $"VARCHAR({length})";

    /// <inheritdoc/>
    public string Text(bool medium = false) => medium ? "MEDIUMTEXT" : "TEXT";

    /// <inheritdoc/>
    public string Json => "JSON";

    /// <inheritdoc/>
    public string PointInTime => "TIMESTAMP";

    /// <inheritdoc/>
    public string Uuid => "VARCHAR(36)";

    /// <inheritdoc/>
    public string Boolean => "TINYINT(1)";

    /// <inheritdoc/>
    public string StringList => "JSON";

    /// <inheritdoc/>
    public string EnumColumnType(EnumType type) => $"ENUM({string.Join(",", type.Values.Select(Literal))})";

    /// <inheritdoc/>
    public object NowDefault => RawSql.Insert("CURRENT_TIMESTAMP");

    /// <inheritdoc/>
    public object AutoUpdatedNowDefault => RawSql.Insert("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP");

    /// <inheritdoc/>
    public object TodayDefault => RawSql.Insert("(CURRENT_DATE)");

    /// <inheritdoc/>
    public object? RandomUuidDefault => null;

    /// <inheritdoc/>
    public object BooleanDefault(bool value) => RawSql.Insert(value ? "1" : "0");

    /// <inheritdoc/>
    public object EnumDefault(EnumType type, string value) =>
        type.Values.Contains(value)
            ? RawSql.Insert(Literal(value))
            : throw new ArgumentException($"'{value}' is not a value of enumeration {type.Name}.", nameof(value));

    /// <inheritdoc/>
    public object JsonDefault(string json) => RawSql.Insert($"({Literal(json)})");

    /// <inheritdoc/>
    public IEnumerable<string> CreateEnumType(EnumType type) => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropEnumType(EnumType type) => [];

    /// <inheritdoc/>
    public IEnumerable<string> AddEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages)
    {
        EnumChange.Added(from, to);
        return RestateEnumColumns(to, usages);
    }

    /// <inheritdoc/>
    public IEnumerable<string> RemoveEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages)
    {
        EnumChange.Removed(from, to);
        return RestateEnumColumns(to, usages);
    }

    /// <inheritdoc/>
    public IEnumerable<string> CreateUpdatedAtFunction() => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropUpdatedAtFunction() => [];

    /// <inheritdoc/>
    public IEnumerable<string> AddUpdatedAtTrigger(string table) => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropUpdatedAtTrigger(string table) => [];

    /// <inheritdoc/>
    public IEnumerable<string> CreateJsonIndex(string name, string table, params string[] columns) => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropJsonIndex(string name, string table) => [];

    /// <inheritdoc/>
    public IEnumerable<string> CreatePartialUniqueIndex(PartialUniqueIndex index)
    {
        // NULL never collides in a unique index, so a column that is 1 for the chosen rows and NULL
        // elsewhere gives "at most one true row".
        var marker = Quote(MarkerColumn(index));
        yield return $"ALTER TABLE {Quote(index.Table)} ADD COLUMN {marker} TINYINT(1) GENERATED ALWAYS AS (CASE WHEN {Quote(index.WhenTrueColumn)} THEN 1 END) STORED;";
        yield return $"CREATE UNIQUE INDEX {Quote(index.Name)} ON {Quote(index.Table)} ({marker});";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropPartialUniqueIndex(PartialUniqueIndex index)
    {
        yield return $"DROP INDEX {Quote(index.Name)} ON {Quote(index.Table)};";
        yield return $"ALTER TABLE {Quote(index.Table)} DROP COLUMN {Quote(MarkerColumn(index))};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> AddVectorColumn(string table, string column, int dimensions, string indexName, int lists) => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropVectorColumn(string table, string column, string indexName) => [];

    /// <inheritdoc/>
    public IEnumerable<string> AddCheckConstraint(string table, string name, string condition)
    {
        yield return $"ALTER TABLE {Quote(table)} ADD CONSTRAINT {Quote(name)} CHECK ({condition});";
    }

    /// <inheritdoc/>
    public IEnumerable<string> CreateView(string name, string select)
    {
        yield return $"CREATE VIEW {Quote(name)} AS\n{select.TrimEnd(';', ' ', '\n')};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropView(string name)
    {
        yield return $"DROP VIEW {Quote(name)};";
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The collation each CREATE TABLE named before tables took the database's: applied to a database created with
    /// that collation (as <c>up --create-database</c> creates them), both spellings make the same tables.
    /// </remarks>
    public IEnumerable<IReadOnlyList<string>> EarlierRenderings(IReadOnlyList<string> up)
    {
        if (!up.Any(IsCreateTable))
            yield break;
        yield return up.Select(s => IsCreateTable(s) ? s[..^1] + EarlierTableOptions + ";" : s).ToList();
    }

    private static bool IsCreateTable(string statement) =>
        statement.StartsWith("CREATE TABLE ", StringComparison.Ordinal) && statement.EndsWith(TableEnd, StringComparison.Ordinal);

    /// <inheritdoc/>
    /// <remarks>
    /// No statement: every table the migrations create takes the database's character set and collation, and MySQL's
    /// and MariaDB's collations for utf8mb4 (<c>utf8mb4_0900_ai_ci</c>, <c>utf8mb4_unicode_ci</c>,
    /// <c>utf8mb4_general_ci</c>) already ignore case and accents. Naming one here would give an adopted database a
    /// second collation; where a column's collation does not ignore case, the semantics report says so.
    /// </remarks>
    public IEnumerable<string> UseTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views) => [];

    /// <inheritdoc/>
    public IEnumerable<string> DropTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views) => [];

    /// <summary>The generated column behind an emulated partial unique index.</summary>
    public static string MarkerColumn(PartialUniqueIndex index) => $"{index.WhenTrueColumn}_unique_marker";

    private IEnumerable<string> RestateEnumColumns(EnumType type, IReadOnlyList<EnumColumn> usages)
    {
        if (usages.Count == 0)
            throw new ArgumentException($"Enumeration {type.Name}: MySQL restates the ENUM on each column, so the columns using it must be listed.", nameof(usages));
        foreach (var usage in usages)
        {
            var nullability = usage.Nullable ? "NULL" : "NOT NULL";
            var defaultClause = usage.Default is null ? "" : $" DEFAULT {Literal(usage.Default)}";
            yield return $"ALTER TABLE {Quote(usage.Table)} MODIFY COLUMN {Quote(usage.Column)} {EnumColumnType(type)} {nullability}{defaultClause};";
        }
    }
}
