using FluentMigrator.Postgres;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Generators.Postgres;
using Microsoft.Extensions.Options;

namespace TaskFlow.Schema.Dialects.PostgreSql;

/// <summary>
/// FluentMigrator's PostgreSQL 15 generator. In 8.0.1 its STRICT mode rejects the identity
/// generation feature that its own column renderer implements; accept exactly those two.
/// </summary>
internal sealed class TaskFlowPostgresGenerator(PostgresQuoter quoter, IOptions<GeneratorOptions> options)
    : Postgres15_0Generator(quoter, options)
{
    public override bool IsAdditionalFeatureSupported(string feature) =>
        feature == PostgresExtensions.IdentityGeneration
        || feature == PostgresExtensions.IdentityModificationType
        || base.IsAdditionalFeatureSupported(feature);
}
