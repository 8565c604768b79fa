using FluentMigrator;
using TaskFlow.Schema.Migrations;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>Wrong on purpose: decides what to do by asking the database.</summary>
[Migration(9)]
internal sealed class QueriesDatabaseMigration : TaskFlowMigration
{
    public override void Up()
    {
        if (Schema.Table("legacy").Exists())
            Delete.Table("legacy");
    }

    public override void Down()
    {
    }
}
