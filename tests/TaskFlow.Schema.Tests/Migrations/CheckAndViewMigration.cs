using FluentMigrator;
using TaskFlow.Schema.Migrations;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>A CHECK constraint and a view, written once for both engines.</summary>
[Migration(8)]
internal sealed class CheckAndViewMigration : TaskFlowMigration
{
    public override void Up()
    {
        CreateCheck("notes", "ck_notes_body", $"{Dialect.Quote("body")} <> ''");
        CreateView("long_notes", "SELECT id, body FROM notes WHERE LENGTH(body) > 100;");
    }

    public override void Down()
    {
        DropView("long_notes");
    }
}
