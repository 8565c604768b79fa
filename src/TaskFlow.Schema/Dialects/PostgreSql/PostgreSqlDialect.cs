using FluentMigrator;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.Postgres;
using FluentMigrator.Runner.Processors.Postgres;
using Microsoft.Extensions.Options;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>PostgreSQL 15: named enum types, jsonb, timestamptz, triggers for updated_at, GIN and partial indexes.</summary>
public sealed class PostgreSqlDialect : ISchemaDialect
{
    internal const string UpdatedAtFunction = "set_updated_at";

    private readonly TaskFlowPostgresQuoter _quoter = new();

    /// <inheritdoc/>
    public DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    /// <inheritdoc/>
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc/>
    public string ProcessorId => ProcessorIdConstants.PostgreSQL;

    /// <inheritdoc/>
    public IMigrationGenerator CreateGenerator() =>
        new TaskFlowPostgresGenerator(_quoter, GeneratorSettings.Strict);

    /// <inheritdoc/>
    public string Quote(string identifier) => _quoter.Quote(identifier);

    /// <inheritdoc/>
    public string Literal(string value) => _quoter.QuoteValue(value);

    /// <inheritdoc/>
    public string Varchar(int length) => $"varchar({length})";

    /// <inheritdoc/>
    public string Text(bool medium = false) => "text";

    /// <inheritdoc/>
    public string Json => "jsonb";

    /// <inheritdoc/>
    public string PointInTime => "timestamptz";

    /// <inheritdoc/>
    public string Uuid => "uuid";

    /// <inheritdoc/>
    public string Boolean => "boolean";

    /// <inheritdoc/>
    public string StringList => "text[]";

    /// <inheritdoc/>
    public string EnumColumnType(EnumType type) => Quote(type.Name);

    /// <inheritdoc/>
    public object NowDefault => RawSql.Insert("CURRENT_TIMESTAMP");

    /// <inheritdoc/>
    public object AutoUpdatedNowDefault => NowDefault;

    /// <inheritdoc/>
    public object TodayDefault => RawSql.Insert("CURRENT_DATE");

    /// <inheritdoc/>
    public object? RandomUuidDefault => RawSql.Insert("gen_random_uuid()");

    /// <inheritdoc/>
    public object BooleanDefault(bool value) => RawSql.Insert(value ? "true" : "false");

    /// <inheritdoc/>
    public object EnumDefault(EnumType type, string value) => RawSql.Insert(EnumDefaultSql(type, value));

    /// <inheritdoc/>
    public object JsonDefault(string json) => RawSql.Insert($"{Literal(json)}::jsonb");

    /// <inheritdoc/>
    public IEnumerable<string> CreateEnumType(EnumType type)
    {
        yield return $"CREATE TYPE {Quote(type.Name)} AS ENUM ({ValueList(type)});";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropEnumType(EnumType type)
    {
        yield return $"DROP TYPE {Quote(type.Name)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> AddEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages)
    {
        // Columns follow the type by themselves; only the type changes. IF NOT EXISTS makes a retried
        // migration (these run outside a transaction) safe.
        foreach (var value in EnumChange.Added(from, to))
            yield return $"ALTER TYPE {Quote(to.Name)} ADD VALUE IF NOT EXISTS {Literal(value)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> RemoveEnumValues(EnumType from, EnumType to, IReadOnlyList<EnumColumn> usages)
    {
        // PostgreSQL cannot drop an enum value: build the smaller type and move every column onto it.
        // A row still holding a removed value makes the cast fail, which is the loud failure we want.
        EnumChange.Removed(from, to);
        var old = Quote(to.Name + "_old");
        yield return $"ALTER TYPE {Quote(to.Name)} RENAME TO {old};";
        yield return $"CREATE TYPE {Quote(to.Name)} AS ENUM ({ValueList(to)});";
        foreach (var usage in usages)
        {
            var table = Quote(usage.Table);
            var column = Quote(usage.Column);
            if (usage.Default is not null)
                yield return $"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT;";
            yield return $"ALTER TABLE {table} ALTER COLUMN {column} TYPE {Quote(to.Name)} USING {column}::text::{Quote(to.Name)};";
            if (usage.Default is not null)
                yield return $"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {EnumDefaultSql(to, usage.Default)};";
        }
        yield return $"DROP TYPE {old};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> CreateUpdatedAtFunction()
    {
        yield return $"""
            CREATE FUNCTION {Quote(UpdatedAtFunction)}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := CURRENT_TIMESTAMP;
                RETURN NEW;
            END;
            $$;
            """;
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropUpdatedAtFunction()
    {
        yield return $"DROP FUNCTION {Quote(UpdatedAtFunction)}();";
    }

    /// <inheritdoc/>
    public IEnumerable<string> AddUpdatedAtTrigger(string table)
    {
        yield return $"CREATE TRIGGER {Quote(TriggerName(table))} BEFORE UPDATE ON {Quote(table)} FOR EACH ROW EXECUTE FUNCTION {Quote(UpdatedAtFunction)}();";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropUpdatedAtTrigger(string table)
    {
        yield return $"DROP TRIGGER {Quote(TriggerName(table))} ON {Quote(table)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> CreateJsonIndex(string name, string table, params string[] columns)
    {
        yield return $"CREATE INDEX {Quote(name)} ON {Quote(table)} USING gin ({string.Join(", ", columns.Select(Quote))});";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropJsonIndex(string name, string table)
    {
        yield return $"DROP INDEX {Quote(name)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> CreatePartialUniqueIndex(PartialUniqueIndex index)
    {
        yield return $"CREATE UNIQUE INDEX {Quote(index.Name)} ON {Quote(index.Table)} ({Quote(index.WhenTrueColumn)}) WHERE {Quote(index.WhenTrueColumn)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropPartialUniqueIndex(PartialUniqueIndex index)
    {
        yield return $"DROP INDEX {Quote(index.Name)};";
    }

    /// <inheritdoc/>
    public IEnumerable<string> AddVectorColumn(string table, string column, int dimensions, string indexName, int lists)
    {
        // Decided behaviour: skip with a warning where pgvector is not installable, so that later
        // steps still apply; the check runs on the server, so `up` and the offline script agree.
        var skipped = $"pgvector is not available on this server: {table}.{column} and its index were not created (install the extension and re-create them by hand, see README)";
        yield return $"""
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
                    CREATE EXTENSION IF NOT EXISTS vector;
                    ALTER TABLE {Quote(table)} ADD COLUMN {Quote(column)} vector({dimensions});
                    CREATE INDEX {Quote(indexName)} ON {Quote(table)} USING ivfflat ({Quote(column)} vector_cosine_ops) WITH (lists = {lists});
                ELSE
                    RAISE WARNING {Literal(skipped)};
                END IF;
            END
            $$;
            """;
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropVectorColumn(string table, string column, string indexName)
    {
        yield return $"DROP INDEX IF EXISTS {Quote(indexName)};";
        yield return $"ALTER TABLE {Quote(table)} DROP COLUMN IF EXISTS {Quote(column)};";
    }

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
    /// An ICU nondeterministic collation: the column's unique index refuses a value that differs only in case (and
    /// accents) and <c>=</c> finds it. A column that a view reads cannot change type under the view, so the view is
    /// dropped and created again around it. On PostgreSQL 15, <c>LIKE</c> and regular expressions refuse such a column.
    /// </remarks>
    public IEnumerable<string> UseTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views)
    {
        foreach (var view in views)
            yield return DropView(view.Name).Single();
        yield return $"CREATE COLLATION IF NOT EXISTS {Quote(collation.Name)} (provider = icu, locale = {Literal(collation.IcuLocale)}, deterministic = false);";
        foreach (var column in columns)
            yield return $"ALTER TABLE {Quote(column.Table)} ALTER COLUMN {Quote(column.Column)} TYPE {Varchar(column.Length)} COLLATE {Quote(collation.Name)};";
        foreach (var view in views)
            yield return CreateView(view.Name, view.Select).Single();
    }

    /// <inheritdoc/>
    public IEnumerable<string> DropTextCollation(TextCollation collation, IReadOnlyList<TextColumn> columns, IReadOnlyList<(string Name, string Select)> views)
    {
        foreach (var view in views)
            yield return DropView(view.Name).Single();
        foreach (var column in columns)
            yield return $"ALTER TABLE {Quote(column.Table)} ALTER COLUMN {Quote(column.Column)} TYPE {Varchar(column.Length)} COLLATE \"default\";";
        yield return $"DROP COLLATION IF EXISTS {Quote(collation.Name)};";
        foreach (var view in views)
            yield return CreateView(view.Name, view.Select).Single();
    }

    /// <inheritdoc/>
    public IEnumerable<IReadOnlyList<string>> EarlierRenderings(IReadOnlyList<string> up) => [];

    internal static string TriggerName(string table) => $"trg_{table}_updated_at";

    private string EnumDefaultSql(EnumType type, string value) => $"{Literal(EnumValue(type, value))}::{Quote(type.Name)}";

    private string ValueList(EnumType type) => string.Join(", ", type.Values.Select(Literal));

    private static string EnumValue(EnumType type, string value) =>
        type.Values.Contains(value) ? value : throw new ArgumentException($"'{value}' is not a value of enumeration {type.Name}.", nameof(value));
}
