using FluentMigrator;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 3: at most one exercise is the default one.</summary>
[Migration(202508050000, "Default exercise: exercises.is_default, at most one true")]
public sealed class M202508050000_DefaultExercise : TaskFlowMigration
{
    private static readonly PartialUniqueIndex SingleDefault = new("ux_exercises_single_default", "exercises", "is_default");

    /// <inheritdoc/>
    public override void Up()
    {
        // The spec says "boolean default false"; NOT NULL keeps "is it the default?" two-valued,
        // and every existing row gets false from the default.
        Alter.Table("exercises")
            .AddColumn("is_default").AsBool(Dialect).NotNullable().WithDefaultValue(Dialect.BooleanDefault(false));
        CreatePartialUniqueIndex(SingleDefault);
        Update.Table("exercises").Set(new { is_default = true }).Where(new { name = "Default Exercise" });
    }

    /// <inheritdoc/>
    public override void Down()
    {
        DropPartialUniqueIndex(SingleDefault);
        Delete.Column("is_default").FromTable("exercises");
    }
}
