using FluentMigrator;
using FluentMigrator.Builders;
using FluentMigrator.Builders.Create.Table;
using FluentMigrator.Infrastructure;
using FluentMigrator.Postgres;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Migrations;

/// <summary>Column types and standard columns of the TaskFlow schema, rendered through a dialect.</summary>
public static class ColumnTypeExtensions
{
    /// <summary>The bigint surrogate key: IDENTITY BY DEFAULT on PostgreSQL (copied rows keep their ids), AUTO_INCREMENT on MySQL.</summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax WithIdentityKey(this ICreateTableWithColumnSyntax table, string name = "id") =>
        table.WithColumn(name).AsInt64().NotNullable().PrimaryKey().Identity(PostgresGenerationType.ByDefault);

    /// <summary>A point in time that defaults to the current time.</summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax WithCreatedAt(this ICreateTableWithColumnSyntax table, ISchemaDialect dialect) =>
        table.WithColumn("created_at").AsPointInTime(dialect).Nullable().WithDefaultValue(dialect.NowDefault);

    /// <summary>
    /// <c>updated_at</c>, moved on every update: by the column on MySQL, by a trigger on PostgreSQL
    /// (call <c>AutoUpdateTimestamp</c> for the table as well).
    /// </summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax WithUpdatedAt(this ICreateTableWithColumnSyntax table, ISchemaDialect dialect) =>
        table.WithColumn("updated_at").AsPointInTime(dialect).Nullable().WithDefaultValue(dialect.AutoUpdatedNowDefault);

    /// <summary>varchar(n) in the table's UTF-8 character set.</summary>
    public static TNext AsVarchar<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect, int length)
        where TNext : IFluentSyntax => column.AsCustom(dialect.Varchar(length));

    /// <summary>Long text; MEDIUMTEXT on MySQL when <paramref name="medium"/>.</summary>
    public static TNext AsText<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect, bool medium = false)
        where TNext : IFluentSyntax => column.AsCustom(dialect.Text(medium));

    /// <summary>A JSON document.</summary>
    public static TNext AsJson<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect)
        where TNext : IFluentSyntax => column.AsCustom(dialect.Json);

    /// <summary>A point in time stored in UTC.</summary>
    public static TNext AsPointInTime<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect)
        where TNext : IFluentSyntax => column.AsCustom(dialect.PointInTime);

    /// <summary>A UUID.</summary>
    public static TNext AsUuid<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect)
        where TNext : IFluentSyntax => column.AsCustom(dialect.Uuid);

    /// <summary>A boolean.</summary>
    public static TNext AsBool<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect)
        where TNext : IFluentSyntax => column.AsCustom(dialect.Boolean);

    /// <summary>A list of strings.</summary>
    public static TNext AsStringList<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect)
        where TNext : IFluentSyntax => column.AsCustom(dialect.StringList);

    /// <summary>A column of an enumeration.</summary>
    public static TNext AsEnum<TNext>(this IColumnTypeSyntax<TNext> column, ISchemaDialect dialect, EnumType type)
        where TNext : IFluentSyntax => column.AsCustom(dialect.EnumColumnType(type));
}
