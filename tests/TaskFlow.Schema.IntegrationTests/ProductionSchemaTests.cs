using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>Step 1 on MariaDB must be the production MySQL schema of the spec, column by column.</summary>
[Category(Engines.MySql)]
public sealed class ProductionSchemaTests
{
    // table, column, COLUMN_TYPE, nullable, default (as information_schema reports it on MariaDB)
    private static readonly (string Table, string Column, string Type, bool Nullable)[] Expected =
    [
        ("users", "id", "bigint(20)", false),
        ("users", "name", "varchar(128)", false),
        ("users", "email", "varchar(256)", false),
        ("users", "role", "enum('ANALYST','SUPERVISOR','ADMIN')", false),
        ("users", "preferences", "longtext", true),
        ("users", "created_at", "timestamp", true),
        ("workflows", "status", "enum('DRAFT','ACTIVE','ARCHIVED')", true),
        ("workflows", "is_default", "tinyint(1)", false),
        ("workflows", "created_by", "bigint(20)", false),
        ("requests", "text", "mediumtext", false),
        ("requests", "date_received", "date", true),
        ("requests", "status", "enum('NEW','IN_REVIEW','PENDING','CLOSED')", true),
        ("ai_outputs", "version", "int(11)", false),
        ("ai_outputs", "sensitivity_score", "decimal(3,2)", true),
        ("ai_outputs", "model_name", "varchar(64)", true),
        ("processing_jobs", "id", "varchar(36)", false),
        ("processing_jobs", "job_type", "enum('STANDARD','CUSTOM','WORKFLOW')", true),
        ("processing_jobs", "status", "enum('PENDING','RUNNING','COMPLETED','FAILED')", true),
        ("workflow_blocks", "block_type", "enum('CORE','CUSTOM')", true),
        ("workflow_blocks", "model_name", "varchar(128)", true),
        ("workflow_block_inputs", "input_type", "enum('REQUEST_TEXT','BLOCK_OUTPUT')", false),
        ("workflow_dashboard_configs", "layout", "enum('grid','list')", true),
        ("workflow_dashboard_configs", "fields", "longtext", false),
        ("custom_instructions", "is_active", "tinyint(1)", true),
        ("ground_truth_data", "field_path", "varchar(255)", false),
        ("ground_truth_data", "ground_truth_value", "longtext", false),
    ];

    [Test]
    public async Task Step_1_is_the_production_schema()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "prod");
        await db.Migrator().UpAsync(202507210000, CancellationToken.None);
        // Read as the tool reads it: one spelling on MariaDB and Oracle MySQL (integer display widths dropped, defaults quoted).
        var columns = (await db.SnapshotAsync()).Objects.Where(o => o.Kind == "column")
            .ToDictionary(o => (o.Table!, o.Name[(o.Table!.Length + 1)..]), o => o.Definition);

        Assert.Multiple(() =>
        {
            foreach (var (table, column, type, nullable) in Expected)
            {
                Assert.That(columns.ContainsKey((table, column)), $"{table}.{column} exists");
                if (!columns.TryGetValue((table, column), out var c)) continue;
                var spelled = type == "longtext" ? TestServers.JsonColumnType : System.Text.RegularExpressions.Regex.Replace(type, @"^(bigint|int)\(\d+\)", "$1");
                Assert.That(c, Does.StartWith($"{spelled} {(nullable ? "null" : "not null")}"), $"{table}.{column} type and nullability");
            }
            Assert.That(columns[("users", "id")], Does.Contain("auto_increment"));
            Assert.That(columns[("workflows", "updated_at")], Does.Contain("on update current_timestamp()"));
            Assert.That(columns[("workflows", "status")], Does.Contain("default 'DRAFT'"));
            Assert.That(columns[("workflows", "is_default")], Does.Contain("default 0"));
            Assert.That(columns[("requests", "status")], Does.Contain("default 'NEW'"));
            Assert.That(columns[("requests", "date_received")], Does.Contain("default curdate()"));
            Assert.That(columns[("workflow_blocks", "model_name")], Does.Contain("default 'gemma3:1b'"));
            Assert.That(columns[("custom_instructions", "created_by")], Does.Contain("default 1"));
            Assert.That(columns[("ai_outputs", "version")], Does.Contain("default 1"));
            Assert.That(columns.Values.Where(c => c.Contains(" charset ", StringComparison.Ordinal)).Select(c => c[(c.IndexOf(" charset ", StringComparison.Ordinal) + 9)..]).Distinct(),
                Is.EqualTo(new[] { "utf8mb4" }), "every text column is utf8mb4");
            Assert.That(columns.Keys.Select(k => k.Item1).Distinct().Count(), Is.EqualTo(10), "ten tables");
        });

        var foreignKeys = await db.QueryAsync(
            "SELECT TABLE_NAME, REFERENCED_TABLE_NAME, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()");
        Assert.That(foreignKeys, Has.Count.EqualTo(16), "every foreign key of the spec's step 1");
        Assert.That(foreignKeys, Does.Contain(new[] { "requests", "users", "SET NULL" }));
        Assert.That(foreignKeys, Does.Contain(new[] { "custom_instructions", "users", "SET NULL" }));
        Assert.That(foreignKeys, Does.Contain(new[] { "ground_truth_data", "users", "CASCADE" }));

        var seeded = await db.QueryAsync("SELECT email, role FROM users ORDER BY id");
        Assert.That(seeded, Is.EqualTo(new[] { new[] { "admin@system.local", "ADMIN" }, new[] { "analyst@system.local", "ANALYST" } }));
        var view = await db.QueryAsync("SELECT COUNT(*) FROM ground_truth_with_context");
        Assert.That(view[0][0], Is.EqualTo("0"));
    }
}
