using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>Step 4: application settings as JSON values under a unique key.</summary>
[Migration(202508120000, "System settings: system_settings and the feature switches")]
public sealed class M202508120000_SystemSettings : TaskFlowMigration
{
    // The JSON string "true" (quotes included), as the application reads these switches.
    private const string JsonTrueString = "\"true\"";

    /// <inheritdoc/>
    public override void Up()
    {
        Create.Table("system_settings")
            .WithIdentityKey()
            .WithColumn("key").AsVarchar(Dialect, 128).NotNullable()
            .WithColumn("value").AsJson(Dialect).NotNullable()
            .WithColumn("description").AsText(Dialect).Nullable()
            .WithCreatedAt(Dialect)
            .WithUpdatedAt(Dialect);
        Create.Index("ux_system_settings_key").OnTable("system_settings").OnColumn("key").Unique();
        AutoUpdateTimestamp("system_settings");

        Insert.IntoTable("system_settings")
            .Row(Setting("rag_search_enabled", "Use retrieval-augmented search over similar requests"))
            .Row(Setting("ui_show_logs_button", "Show the logs button in the user interface"))
            .Row(Setting("ui_show_similarity_features", "Show the similarity features in the user interface"));
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Delete.Table("system_settings");
    }

    private static Dictionary<string, object> Setting(string key, string description) => new()
    {
        ["key"] = key,
        ["value"] = JsonTrueString,
        ["description"] = description,
    };
}
