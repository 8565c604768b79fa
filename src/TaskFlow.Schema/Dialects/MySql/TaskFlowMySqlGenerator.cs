using FluentMigrator.Expressions;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.MySql;
using FluentMigrator.Runner.Generators.Generic;
using Microsoft.Extensions.Options;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>FluentMigrator's MySQL 8 generator with utf8mb4 tables and the column rendering of <see cref="TaskFlowMySqlColumn"/>.</summary>
internal sealed class TaskFlowMySqlGenerator : MySql8Generator
{
    public TaskFlowMySqlGenerator(MySqlQuoter quoter, IOptions<GeneratorOptions> options)
        : base(new TaskFlowMySqlColumn(new MySql8TypeMap(), quoter), quoter, new EmptyDescriptionGenerator(), options)
    {
    }

    public override string Generate(CreateTableExpression expression)
    {
        var sql = base.Generate(expression).TrimEnd().TrimEnd(';');
        return $"{sql} {MySqlDialect.TableOptions};";
    }

    public override string Generate(AlterDefaultConstraintExpression expression) =>
        FormatStatement(
            "ALTER TABLE {0} ALTER {1} SET {2}",
            Quoter.QuoteTableName(expression.TableName),
            Quoter.QuoteColumnName(expression.ColumnName),
            ((TaskFlowMySqlColumn)Column).FormatDefault(expression.DefaultValue));
}
