using FluentMigrator;
using TaskFlow.Schema.Model;
using static TaskFlow.Schema.Migrations.TaskFlowEnums;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 6: processing jobs that compute embeddings.</summary>
/// <remarks>Outside a transaction: PostgreSQL cannot use an enum value in the transaction that adds it.</remarks>
[Migration(202508210000, TransactionBehavior.None, "Job types: EMBEDDING and BULK_EMBEDDING")]
public sealed class M202508210000_EmbeddingJobTypes : TaskFlowMigration
{
    private static readonly EnumType JobTypeWithEmbedding = JobType.With("EMBEDDING", "BULK_EMBEDDING");

    private static readonly EnumColumn[] Usages =
        [new EnumColumn("processing_jobs", "job_type", Nullable: true, Default: "WORKFLOW")];

    /// <inheritdoc/>
    public override void Up()
    {
        AddEnumValues(JobType, JobTypeWithEmbedding, Usages);
    }

    /// <inheritdoc/>
    public override void Down()
    {
        RemoveEnumValues(JobTypeWithEmbedding, JobType, Usages);
    }
}
