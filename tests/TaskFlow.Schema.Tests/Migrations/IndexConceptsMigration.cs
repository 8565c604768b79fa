using FluentMigrator;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>A JSON index, a partial unique index and a descending index on <c>concepts</c>.</summary>
[Migration(5)]
internal sealed class IndexConceptsMigration : TaskFlowMigration
{
    private static readonly PartialUniqueIndex SingleFlag = new("ux_concepts_single_flag", "concepts", "flag");

    public override void Up()
    {
        CreateJsonIndex("gin_concepts_doc", "concepts", "doc");
        CreatePartialUniqueIndex(SingleFlag);
        Create.Index("ix_concepts_happened_at").OnTable("concepts").OnColumn("happened_at").Descending();
    }

    public override void Down()
    {
        Delete.Index("ix_concepts_happened_at").OnTable("concepts");
        DropPartialUniqueIndex(SingleFlag);
        DropJsonIndex("gin_concepts_doc", "concepts");
    }
}
