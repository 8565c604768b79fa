using FluentMigrator;

namespace TaskFlow.Schema.IntegrationTests.TestMigrations;

/// <summary>Test-only migration set: a step that succeeds.</summary>
[Migration(1, "Widgets")]
public sealed class M0001_Widgets : Migration
{
    public const string Namespace = "TaskFlow.Schema.IntegrationTests.TestMigrations";

    public override void Up()
    {
        Create.Table("widgets").WithColumn("id").AsInt64().NotNullable().PrimaryKey().WithColumn("name").AsString(64).NotNullable();
        Create.Index("ix_widgets_name").OnTable("widgets").OnColumn("name");
    }

    public override void Down() => Delete.Table("widgets");
}
