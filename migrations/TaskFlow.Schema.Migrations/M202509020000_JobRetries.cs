using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 7: processing jobs count their retries.</summary>
[Migration(202509020000, "Retries: processing_jobs.retry_count")]
public sealed class M202509020000_JobRetries : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        Alter.Table("processing_jobs").AddColumn("retry_count").AsInt32().Nullable().WithDefaultValue(0);
        Create.Index("ix_processing_jobs_retry_count").OnTable("processing_jobs").OnColumn("retry_count").Ascending();
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Index("ix_processing_jobs_retry_count").OnTable("processing_jobs");
        Delete.Column("retry_count").FromTable("processing_jobs");
    }
}
