using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>
/// Step 10: ai_outputs keeps all workflow outputs in <c>summary</c>; the per-field columns go.
/// Destructive: Down restores the columns with their step 1 types, not their data.
/// </summary>
[Migration(202509240000, "Retire legacy AI output columns")]
public sealed class M202509240000_RetireLegacyAiOutputColumns : TaskFlowMigration
{
    private static readonly string[] LegacyColumns = ["topic", "sensitivity_score", "redactions_json", "custom_instructions"];

    /// <inheritdoc/>
    public override void Up()
    {
        foreach (var column in LegacyColumns)
            Delete.Column(column).FromTable("ai_outputs");
        Alter.Column("summary").OnTable("ai_outputs").AsText(Dialect).Nullable()
            .WithColumnDescription("JSON string of all workflow outputs keyed by block name");
    }

    /// <inheritdoc/>
    public override void Down()
    {
        // Restating the column without a description removes its comment on both engines.
        Alter.Column("summary").OnTable("ai_outputs").AsText(Dialect).Nullable();
        Alter.Table("ai_outputs")
            .AddColumn("topic").AsVarchar(Dialect, 128).Nullable()
            .AddColumn("sensitivity_score").AsDecimal(3, 2).Nullable()
            .AddColumn("redactions_json").AsJson(Dialect).Nullable()
            .AddColumn("custom_instructions").AsText(Dialect).Nullable();
    }
}
