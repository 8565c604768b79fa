using FluentMigrator.Expressions;
using FluentMigrator.Model;
using FluentMigrator.Postgres;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.Postgres;
using Microsoft.Extensions.Options;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>
/// FluentMigrator's PostgreSQL 15 generator with what 8.0.1 gets wrong put right: it accepts its
/// own identity options in STRICT mode, and renders table and column descriptions as plain
/// <c>COMMENT ON</c> statements (8.0.1 drops them on CREATE TABLE and ADD COLUMN, and prefixes
/// them with "Description:" on ALTER COLUMN).
/// </summary>
internal sealed class TaskFlowPostgresGenerator(PostgresQuoter quoter, IOptions<GeneratorOptions> options)
    : Postgres15_0Generator(quoter, options)
{
    private static readonly HashSet<string> IdentityFeatures =
        [PostgresExtensions.IdentityGeneration, PostgresExtensions.IdentityModificationType];

    public override bool IsAdditionalFeatureSupported(string feature) =>
        IdentityFeatures.Contains(feature) || base.IsAdditionalFeatureSupported(feature);

    public override string Generate(CreateTableExpression expression)
    {
        var table = Quoter.QuoteTableName(expression.TableName, expression.SchemaName);
        var comments = new List<string>();
        if (!string.IsNullOrEmpty(expression.TableDescription))
            comments.Add($"COMMENT ON TABLE {table} IS {Quoter.QuoteValue(expression.TableDescription)};");
        comments.AddRange(expression.Columns
            .Where(c => !string.IsNullOrEmpty(c.ColumnDescription))
            .Select(c => ColumnComment(table, c.Name, c.ColumnDescription)));
        return WithComments(base.Generate(expression), comments);
    }

    public override string Generate(CreateColumnExpression expression)
    {
        var table = Quoter.QuoteTableName(expression.TableName, expression.SchemaName);
        var column = expression.Column;
        return string.IsNullOrEmpty(column.ColumnDescription)
            ? base.Generate(expression)
            : WithComments(base.Generate(expression), [ColumnComment(table, column.Name, column.ColumnDescription)]);
    }

    // Alter.Column restates the whole column, as MySQL's MODIFY COLUMN does: a column restated
    // without a description loses its comment, so both engines end in the same state.
    public override string Generate(AlterColumnExpression expression)
    {
        var column = (ColumnDefinition)expression.Column.Clone();
        column.ColumnDescription = null;
        var alter = base.Generate(new AlterColumnExpression
        {
            SchemaName = expression.SchemaName,
            TableName = expression.TableName,
            Column = column,
        });
        var table = Quoter.QuoteTableName(expression.TableName, expression.SchemaName);
        return WithComments(alter, [ColumnComment(table, column.Name, expression.Column.ColumnDescription)]);
    }

    private string ColumnComment(string table, string column, string? description) =>
        $"COMMENT ON COLUMN {table}.{Quoter.QuoteColumnName(column)} IS {(string.IsNullOrEmpty(description) ? "NULL" : Quoter.QuoteValue(description))};";

    private static string WithComments(string statement, IReadOnlyCollection<string> comments) =>
        comments.Count == 0 ? statement : string.Join("\n", [statement.TrimEnd(), .. comments]);
}
