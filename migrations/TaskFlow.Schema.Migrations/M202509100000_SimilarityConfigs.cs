using System.Data;
using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 8: per-workflow configuration of embeddings and similarity search.</summary>
[Migration(202509100000, "Similarity search configuration: workflow_embedding_configs, workflow_similarity_configs")]
public sealed class M202509100000_SimilarityConfigs : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        Create.Table("workflow_embedding_configs")
            .WithIdentityKey()
            .WithColumn("workflow_id").AsInt64().NotNullable()
                .ForeignKey("fk_workflow_embedding_configs_workflow_id", "workflows", "id").OnDelete(Rule.Cascade)
            .WithColumn("enabled").AsBool(Dialect).Nullable().WithDefaultValue(Dialect.BooleanDefault(true))
            .WithColumn("embedding_template").AsText(Dialect).NotNullable()
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Create.Index("ux_workflow_embedding_configs_workflow_id").OnTable("workflow_embedding_configs")
            .OnColumn("workflow_id").Unique();
        AutoUpdateTimestamp("workflow_embedding_configs");

        Create.Table("workflow_similarity_configs")
            .WithIdentityKey()
            .WithColumn("workflow_id").AsInt64().NotNullable()
                .ForeignKey("fk_workflow_similarity_configs_workflow_id", "workflows", "id").OnDelete(Rule.Cascade)
            .WithColumn("fields").AsJson(Dialect).NotNullable()
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Create.Index("ux_workflow_similarity_configs_workflow_id").OnTable("workflow_similarity_configs")
            .OnColumn("workflow_id").Unique();
        CreateJsonIndex("gin_workflow_similarity_configs_fields", "workflow_similarity_configs", "fields");
        AutoUpdateTimestamp("workflow_similarity_configs");
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Table("workflow_similarity_configs");
        Delete.Table("workflow_embedding_configs");
    }
}
