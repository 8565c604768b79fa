using System.Text.RegularExpressions;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Tests;

/// <summary>The shipped migrations, rendered for both engines and checked for the spec's consistency rules.</summary>
[TestFixture]
public sealed partial class TaskFlowMigrationsTests
{
    private static readonly long[] Versions =
    [
        202507210000, 202508010000, 202508050000, 202508120000, 202508200000, 202508210000,
        202509020000, 202509100000, 202509110000, 202509240000, 202510010000, 202510150000, 202512040000,
    ];

    [Test]
    public void The_thirteen_steps_are_discovered_in_order() =>
        Assert.That(MigrationInfo.Discover(typeof(TaskFlowEnums).Assembly).Select(m => m.Version), Is.EqualTo(Versions));

    [Test]
    public void Only_the_enum_value_step_runs_outside_a_transaction() =>
        Assert.That(MigrationInfo.Discover(typeof(TaskFlowEnums).Assembly).Where(m => !m.UsesTransaction).Select(m => m.Version),
            Is.EqualTo(new[] { 202508210000L }));

    [TestCase("PostgreSql")]
    [TestCase("MySql")]
    public void Every_step_renders_up_and_down(string engine)
    {
        var rendered = Render.TaskFlow(engine == "MySql" ? Render.MySql : Render.PostgreSql);

        Assert.That(rendered.Select(m => m.Version), Is.EqualTo(Versions));
        // Steps 9 (vectors) and 13 (text comparison) render nothing on MySQL, where the database's collation already ignores
        // case and accents; every other step does something both ways.
        Assert.That(rendered.Where(m => m.Version is not (202509110000 or 202512040000) || engine == "PostgreSql"),
            Has.All.Matches<RenderedMigration>(m => m.Up.Count > 0 && m.Down.Count > 0));
    }

    [Test]
    public void Postgresql_json_columns_are_all_jsonb() =>
        Assert.That(PostgreSqlCode(), Has.None.Match(@"(?i)\bjson\b"));

    [Test]
    public void Postgresql_points_in_time_are_all_timestamptz() =>
        Assert.That(PostgreSqlCode(), Has.None.Match(@"(?i)\btimestamp\b"));

    [Test]
    public void Postgresql_keys_are_never_serial_or_integer() =>
        Assert.That(PostgreSqlCode(), Has.None.Match(@"(?i)\b(small|big)?serial\b|""(id|\w+_id)"" (integer|int|int4)\b"));

    [Test]
    public void Every_postgresql_table_with_updated_at_has_a_trigger()
    {
        var statements = Render.TaskFlow(Render.PostgreSql).SelectMany(m => m.Up).ToList();
        var tables = statements
            .Where(s => s.Contains("\"updated_at\" timestamptz", StringComparison.Ordinal))
            .Select(s => CreateTable().Match(s))
            .Where(m => m.Success)
            .Select(m => m.Groups["table"].Value)
            .ToList();

        // Six in step 1, then exercises, system_settings, the two similarity configs and webhooks.
        Assert.That(tables, Has.Count.EqualTo(11));
        Assert.That(tables, Has.All.Matches<string>(t => statements.Contains(
            $"""CREATE TRIGGER "trg_{t}_updated_at" BEFORE UPDATE ON "{t}" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();""")));
    }

    [Test]
    public void Mysql_output_never_uses_nvarchar() =>
        Assert.That(Render.TaskFlow(Render.MySql).SelectMany(m => m.Up.Concat(m.Down)), Has.None.Contains("NVARCHAR").IgnoreCase);

    [Test]
    public void Every_mysql_table_takes_the_database_character_set_and_collation() =>
        Assert.That(Render.TaskFlow(Render.MySql).SelectMany(m => m.Up).Where(s => s.StartsWith("CREATE TABLE", StringComparison.Ordinal)),
            Has.All.EndsWith(" ENGINE = INNODB;").And.None.Match("COLLATE|CHARSET"));

    [Test]
    public void Feature_switches_hold_the_json_string_true() =>
        Assert.That(Step(Render.MySql, 202508120000).Up[^1], Does.Contain("('rag_search_enabled', '\"true\"', "));

    [Test]
    public void Job_types_are_restated_in_full_on_mysql() =>
        Assert.That(Step(Render.MySql, 202508210000).Up, Is.EqualTo(new[]
        {
            "ALTER TABLE `processing_jobs` MODIFY COLUMN `job_type` ENUM('STANDARD','CUSTOM','WORKFLOW','EMBEDDING','BULK_EMBEDDING') NULL DEFAULT 'WORKFLOW';",
        }));

    [Test]
    public void Requests_without_an_exercise_are_pointed_at_the_default_one() =>
        Assert.That(Step(Render.PostgreSql, 202508010000).Up[^1], Is.EqualTo(
            """UPDATE "requests" SET "exercise_id" = (SELECT id FROM exercises WHERE name = 'Default Exercise') WHERE "exercise_id" IS NULL;"""));

    [Test]
    public void Retiring_ai_output_columns_comments_on_summary_and_down_removes_the_comment()
    {
        var step = Step(Render.PostgreSql, 202509240000);

        Assert.That(step.Up[^1], Does.EndWith(
            """COMMENT ON COLUMN "ai_outputs"."summary" IS 'JSON string of all workflow outputs keyed by block name';"""));
        Assert.That(step.Down[0], Does.EndWith("""COMMENT ON COLUMN "ai_outputs"."summary" IS NULL;"""));
    }

    [TestCase("PostgreSql", """ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'success', 'failed'));""")]
    [TestCase("MySql", "ALTER TABLE `webhook_deliveries` ADD CONSTRAINT `ck_webhook_deliveries_status` CHECK (`status` IN ('pending', 'success', 'failed'));")]
    public void Delivery_status_is_checked(string engine, string expected) =>
        Assert.That(Step(engine == "MySql" ? Render.MySql : Render.PostgreSql, 202510150000).Up, Does.Contain(expected));

    private static RenderedMigration Step(Dialects.ISchemaDialect dialect, long version) =>
        Render.TaskFlow(dialect).Single(m => m.Version == version);

    // Statements with their string literals blanked out: comments and seed data may say "JSON".
    private static IEnumerable<string> PostgreSqlCode() =>
        Render.TaskFlow(Render.PostgreSql).SelectMany(m => m.Up.Concat(m.Down)).Select(s => Literal().Replace(s, "''"));

    [GeneratedRegex("""^CREATE TABLE "(?<table>\w+)" \(""")]
    private static partial Regex CreateTable();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();
}
