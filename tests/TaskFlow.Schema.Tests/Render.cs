using FluentMigrator;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Dialects.MySql;
using TaskFlow.Schema.Dialects.PostgreSql;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Tests;

/// <summary>Renders migrations offline, the way the tool does: one renderer per call, nothing cached between tests.</summary>
internal static class Render
{
    public static ISchemaDialect PostgreSql { get; } = new PostgreSqlDialect();

    public static ISchemaDialect MySql { get; } = new MySqlDialect();

    /// <summary>One test-only migration of this assembly, picked out of the assembly's list.</summary>
    public static RenderedMigration Migration<TMigration>(ISchemaDialect dialect) where TMigration : IMigration
    {
        var renderer = new MigrationRenderer(dialect, typeof(TMigration).Assembly);
        return renderer.Render(renderer.Migrations.Single(m => m.Type == typeof(TMigration)));
    }

    /// <summary>Every shipped TaskFlow migration, in version order.</summary>
    public static IReadOnlyList<RenderedMigration> TaskFlow(ISchemaDialect dialect) =>
        new MigrationRenderer(dialect, typeof(TaskFlowEnums).Assembly).RenderUpTo();
}
