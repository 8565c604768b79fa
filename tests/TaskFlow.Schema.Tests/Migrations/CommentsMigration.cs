using FluentMigrator;
using TaskFlow.Schema.Migrations;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>Table and column comments on create, on add column, and removed by restating the column.</summary>
[Migration(7)]
internal sealed class CommentsMigration : TaskFlowMigration
{
    public override void Up()
    {
        Create.Table("notes").WithDescription("Free-form notes")
            .WithIdentityKey()
            .WithColumn("body").AsText(Dialect).NotNullable().WithColumnDescription("The note's text");
        Alter.Table("notes").AddColumn("author").AsVarchar(Dialect, 64).Nullable().WithColumnDescription("Who wrote it");
    }

    public override void Down()
    {
        Alter.Column("body").OnTable("notes").AsText(Dialect).NotNullable();
        Delete.Table("notes");
    }
}
