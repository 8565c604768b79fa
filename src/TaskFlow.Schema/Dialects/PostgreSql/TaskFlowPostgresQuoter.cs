using FluentMigrator.Runner.Generators.Postgres;
using FluentMigrator.Runner.Processors.Postgres;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>
/// FluentMigrator's PostgreSQL quoter, except that unqualified names stay unqualified: the schema
/// lands in the connection's current schema (search_path), like the history table and every
/// statement the dialect writes itself, instead of always in "public".
/// </summary>
internal sealed class TaskFlowPostgresQuoter() : PostgresQuoter(new PostgresOptions())
{
    public override string QuoteSchemaName(string schemaName) =>
        string.IsNullOrEmpty(schemaName) ? string.Empty : base.QuoteSchemaName(schemaName);
}
