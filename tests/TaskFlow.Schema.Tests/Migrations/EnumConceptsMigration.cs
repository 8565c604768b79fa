using FluentMigrator;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>An enumeration used by two columns, one with a default.</summary>
[Migration(2)]
internal sealed class EnumConceptsMigration : TaskFlowMigration
{
    public static readonly EnumType Colour = EnumType.Of("colour", "red", "green");

    public static readonly EnumColumn[] Usages =
        [new("paints", "colour", Nullable: false, Default: "red"), new("paints", "trim", Nullable: true)];

    public override void Up()
    {
        CreateEnum(Colour);
        Create.Table("paints")
            .WithIdentityKey()
            .WithColumn("colour").AsEnum(Dialect, Colour).NotNullable().WithDefaultValue(Dialect.EnumDefault(Colour, "red"))
            .WithColumn("trim").AsEnum(Dialect, Colour).Nullable();
    }

    public override void Down()
    {
        Delete.Table("paints");
        DropEnum(Colour);
    }
}
