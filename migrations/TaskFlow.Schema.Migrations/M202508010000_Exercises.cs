using System.Data;
using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 2: exercises group requests; users get per-exercise permissions.</summary>
[Migration(202508010000, "Exercises: exercises, exercise_permissions, requests.exercise_id")]
public sealed class M202508010000_Exercises : TaskFlowMigration
{
    private const string DefaultExerciseId = "(SELECT id FROM exercises WHERE name = 'Default Exercise')";

    /// <inheritdoc/>
    public override void Up()
    {
        Create.Table("exercises")
            .WithIdentityKey()
            .WithColumn("name").AsVarchar(Dialect, 128).NotNullable()
            .WithColumn("description").AsText(Dialect).Nullable()
            .WithColumn("is_active").AsBool(Dialect).Nullable().WithDefaultValue(Dialect.BooleanDefault(true))
            .WithColumn("created_by").AsInt64().Nullable()
                .ForeignKey("fk_exercises_created_by", "users", "id").OnDelete(Rule.SetNull)
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Create.Index("ux_exercises_name").OnTable("exercises").OnColumn("name").Unique();
        Create.Index("ix_exercises_is_active_name").OnTable("exercises")
            .OnColumn("is_active").Ascending().OnColumn("name").Ascending();
        AutoUpdateTimestamp("exercises");

        // Index first, then the key: MySQL would otherwise add an index of its own for the key.
        Alter.Table("requests").AddColumn("exercise_id").AsInt64().Nullable();
        Create.Index("ix_requests_exercise_id").OnTable("requests").OnColumn("exercise_id").Ascending();
        Create.ForeignKey("fk_requests_exercise_id")
            .FromTable("requests").ForeignColumn("exercise_id")
            .ToTable("exercises").PrimaryColumn("id")
            .OnDelete(Rule.SetNull);

        Create.Table("exercise_permissions")
            .WithIdentityKey()
            .WithColumn("exercise_id").AsInt64().NotNullable()
                .ForeignKey("fk_exercise_permissions_exercise_id", "exercises", "id").OnDelete(Rule.Cascade)
            .WithColumn("user_id").AsInt64().NotNullable()
                .ForeignKey("fk_exercise_permissions_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("permission_level").AsVarchar(Dialect, 32).NotNullable().WithDefaultValue("read")
            .WithCreatedAt(Dialect);
        Create.Index("ux_exercise_permissions_exercise_id_user_id").OnTable("exercise_permissions")
            .OnColumn("exercise_id").Ascending().OnColumn("user_id").Ascending().WithOptions().Unique();
        Create.Index("ix_exercise_permissions_exercise_id").OnTable("exercise_permissions").OnColumn("exercise_id").Ascending();
        Create.Index("ix_exercise_permissions_user_id").OnTable("exercise_permissions").OnColumn("user_id").Ascending();

        Insert.IntoTable("exercises").Row(new Dictionary<string, object>
        {
            ["name"] = "Default Exercise",
            ["description"] = "Requests that were received before exercises existed",
            ["is_active"] = true,
        });
        Update.Table("requests")
            .Set(new { exercise_id = RawSql.Insert(DefaultExerciseId) })
            .Where(new { exercise_id = (long?)null });
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.ForeignKey("fk_requests_exercise_id").OnTable("requests");
        Delete.Index("ix_requests_exercise_id").OnTable("requests");
        Delete.Column("exercise_id").FromTable("requests");
        Delete.Table("exercise_permissions");
        Delete.Table("exercises");
    }
}
