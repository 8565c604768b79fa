using FluentMigrator.Expressions;
using FluentMigrator.Postgres;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.MySql;
using FluentMigrator.Runner.Generators.Generic;
using Microsoft.Extensions.Options;

namespace TaskFlow.Schema.Dialects.MySql;

/// <summary>FluentMigrator's MySQL 8 generator with tables in the database's character set and collation, and the column rendering of <see cref="TaskFlowMySqlColumn"/>.</summary>
internal sealed class TaskFlowMySqlGenerator : MySql8Generator
{
    public TaskFlowMySqlGenerator(MySqlQuoter quoter, IOptions<GeneratorOptions> options)
        : base(new TaskFlowMySqlColumn(new MySql8TypeMap(), quoter), quoter, new EmptyDescriptionGenerator(), options)
    {
    }

    // WithIdentityKey asks PostgreSQL for BY DEFAULT; here the key is AUTO_INCREMENT whatever it says,
    // so those options are accepted and ignored rather than failing STRICT mode.
    private static readonly HashSet<string> PostgresIdentityFeatures =
        [PostgresExtensions.IdentityGeneration, PostgresExtensions.IdentityModificationType];

    public override bool IsAdditionalFeatureSupported(string feature) =>
        PostgresIdentityFeatures.Contains(feature) || base.IsAdditionalFeatureSupported(feature);

    public override string Generate(CreateTableExpression expression)
    {
        // No character set or collation: the table takes the database's (see MySqlDialect.EarlierRenderings).
        return base.Generate(expression).TrimEnd().TrimEnd(';') + ";";
    }

    public override string Generate(AlterDefaultConstraintExpression expression) =>
        FormatStatement(
            "ALTER TABLE {0} ALTER {1} SET {2}",
            Quoter.QuoteTableName(expression.TableName),
            Quoter.QuoteColumnName(expression.ColumnName),
            ((TaskFlowMySqlColumn)Column).FormatDefault(expression.DefaultValue));
}
