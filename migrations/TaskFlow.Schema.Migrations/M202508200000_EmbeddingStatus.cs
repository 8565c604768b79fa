using FluentMigrator;
using static TaskFlow.Schema.Migrations.TaskFlowEnums;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 5: requests track whether their embedding has been computed.</summary>
[Migration(202508200000, "Embedding status: embedding_status and requests.embedding_status")]
public sealed class M202508200000_EmbeddingStatus : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        CreateEnum(EmbeddingStatus);
        Alter.Table("requests")
            .AddColumn("embedding_status").AsEnum(Dialect, EmbeddingStatus).Nullable()
                .WithDefaultValue(Dialect.EnumDefault(EmbeddingStatus, "PENDING"));
        Create.Index("ix_requests_embedding_status").OnTable("requests").OnColumn("embedding_status").Ascending();
        Update.Table("requests").Set(new { embedding_status = "COMPLETED" }).AllRows();
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Index("ix_requests_embedding_status").OnTable("requests");
        Delete.Column("embedding_status").FromTable("requests");
        DropEnum(EmbeddingStatus);
    }
}
