using FluentMigrator;
using TaskFlow.Schema.Model;

namespace TaskFlow.Schema.Migrations;

/// <summary>
/// Step 13: the text TaskFlow looks up and keeps unique compares ignoring case and accents on PostgreSQL too, as it
/// always did on MySQL (utf8mb4_0900_ai_ci): an e-mail address, a webhook's or an exercise's name, a setting's key, a
/// ground-truth field path. The application's lookups (`Webhook.name == data.name`, `User.email == ...`) and the
/// rollback to MySQL rely on it: PostgreSQL must refuse what MySQL refuses.
/// </summary>
[Migration(202512040000, "Text comparison: unique text ignores case and accents on PostgreSQL as on MySQL")]
public sealed class M202512040000_TextComparison : TaskFlowMigration
{
    /// <summary>Level 1 of ICU: case and accents are ignored, as MySQL's <c>_ai_ci</c> collations ignore them.</summary>
    public static readonly TextCollation CaseAndAccentInsensitive = new("taskflow_ci_ai", IgnoresAccents: true);

    private static readonly TextColumn[] Columns =
    [
        new("users", "email", 256),
        new("exercises", "name", 128),
        new("webhooks", "name", 255),
        new("system_settings", "key", 128),
        new("ground_truth_data", "field_path", 255),
    ];

    private static readonly (string, string) View = ("ground_truth_with_context", M202507210000_Baseline.GroundTruthWithContext);

    /// <inheritdoc/>
    public override void Up() => UseTextCollation(CaseAndAccentInsensitive, Columns, View);

    /// <inheritdoc/>
    public override void Down() => DropTextCollation(CaseAndAccentInsensitive, Columns, View);
}
