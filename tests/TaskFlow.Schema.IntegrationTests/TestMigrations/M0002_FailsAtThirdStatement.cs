using FluentMigrator;

namespace TaskFlow.Schema.IntegrationTests.TestMigrations;

/// <summary>Test-only migration set: four statements, the third of which always fails.</summary>
[Migration(2, "Gadgets, then a statement that fails")]
public sealed class M0002_FailsAtThirdStatement : Migration
{
    public override void Up()
    {
        Create.Table("gadgets").WithColumn("id").AsInt64().NotNullable().PrimaryKey().WithColumn("widget_id").AsInt64().NotNullable();
        Create.Index("ix_gadgets_widget_id").OnTable("gadgets").OnColumn("widget_id");
        Execute.Sql("INSERT INTO no_such_table (id) VALUES (1)");
        Create.Table("sprockets").WithColumn("id").AsInt64().NotNullable().PrimaryKey();
    }

    public override void Down()
    {
        Delete.Table("sprockets");
        Delete.Table("gadgets");
    }
}
