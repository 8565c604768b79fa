using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 11: a workflow block may carry a system prompt.</summary>
[Migration(202510010000, "Block system prompt: workflow_blocks.system_prompt")]
public sealed class M202510010000_BlockSystemPrompt : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        Alter.Table("workflow_blocks")
            .AddColumn("system_prompt").AsText(Dialect).Nullable()
                .WithColumnDescription("System prompt sent to the model before the block prompt; none when null");
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Column("system_prompt").FromTable("workflow_blocks");
    }
}
