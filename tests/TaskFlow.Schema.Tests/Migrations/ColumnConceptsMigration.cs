using FluentMigrator;
using TaskFlow.Schema.Migrations;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>One column of each type the schema knows, plus an auto-updated updated_at.</summary>
[Migration(1)]
internal sealed class ColumnConceptsMigration : TaskFlowMigration
{
    public override void Up()
    {
        Create.Table("concepts")
            .WithIdentityKey()
            .WithColumn("doc").AsJson(Dialect).Nullable()
            .WithColumn("settings").AsJson(Dialect).NotNullable().WithDefaultValue(Dialect.JsonDefault("{}"))
            .WithColumn("happened_at").AsPointInTime(Dialect).NotNullable().WithDefaultValue(Dialect.NowDefault)
            .WithColumn("ref").AsUuid(Dialect).NotNullable()
            .WithColumn("body").AsText(Dialect, medium: true).NotNullable()
            .WithColumn("note").AsText(Dialect).Nullable()
            .WithColumn("flag").AsBool(Dialect).NotNullable().WithDefaultValue(Dialect.BooleanDefault(true))
            .WithColumn("tags").AsStringList(Dialect).NotNullable()
            .WithColumn("label").AsVarchar(Dialect, 64).Nullable()
            .WithUpdatedAt(Dialect);
        AutoUpdateTimestamp("concepts");
    }

    public override void Down()
    {
        Delete.Table("concepts");
    }
}
