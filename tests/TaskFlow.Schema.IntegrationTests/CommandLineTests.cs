using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class CommandLineTests(DatabaseEngine engine)
{
    private const string Secret = "Wr0ng-S3cret-xyz";

    [Test]
    public async Task Up_then_status_json_reports_every_migration_applied()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "cli");
        var up = await ToolProcess.RunAsync(new Dictionary<string, string?> { ["DATABASE_URL"] = db.Url }, "up");
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        Assert.That(up.Stdout, Is.Empty, "progress goes to stderr");

        var status = await ToolProcess.RunAsync("status", "--json", "--connection", db.Url);
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        using var json = JsonDocument.Parse(status.Stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("pending").GetInt32(), Is.Zero);
        Assert.That(root.GetProperty("current_version").GetInt64(), Is.EqualTo(root.GetProperty("latest_version").GetInt64()));
        Assert.That(root.GetProperty("database").GetString(), Does.Not.Contain("taskflow:"), "no password in the display URL");
        var migrations = root.GetProperty("migrations").EnumerateArray().ToList();
        Assert.That(migrations, Has.Count.EqualTo(db.Migrator().Renderer.Migrations.Count));
        Assert.That(migrations.Select(m => m.GetProperty("state").GetString()), Is.All.EqualTo("applied"));
        Assert.That(migrations.Select(m => m.GetProperty("checksum_matches").GetBoolean()), Is.All.True);
    }

    [Test]
    public async Task A_wrong_password_is_one_line_naming_the_fix_and_never_the_password()
    {
        var url = TestServers.UrlFor(engine, "postgres").Replace("taskflow:taskflow@", $"taskflow:{Secret}@", StringComparison.Ordinal);
        var result = await ToolProcess.RunAsync("status", "--connection", url);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
        Assert.That(result.Stderr, Does.Contain("password").IgnoreCase);
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task An_unreachable_server_says_so_without_a_stack_trace()
    {
        var scheme = engine == DatabaseEngine.PostgreSql ? "postgresql" : "mysql";
        var result = await ToolProcess.RunAsync("status", "--connection", $"{scheme}://taskflow:{Secret}@127.0.0.1:1/x");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Cannot reach"));
        Assert.That(result.Stderr, Does.Not.Contain("..").And.Not.Contain(". ."), "the driver's own full stop is not doubled");
        Assert.That(result.Stderr, Does.Not.Contain("   at "));
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task A_missing_database_is_named()
    {
        var result = await ToolProcess.RunAsync("status", "--connection", TestServers.UrlFor(engine, "tf_does_not_exist"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("tf_does_not_exist"));
        Assert.That(result.Stderr, Does.Contain("Create the database first"));
        Assert.That(result.Stderr, Does.Not.Contain(".."));
    }

    [Test]
    public async Task A_plain_connection_string_needs_an_engine_and_works_with_one()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "ado");
        var without = await ToolProcess.RunAsync("status", "--connection", db.Target.ConnectionString);
        Assert.That(without.ExitCode, Is.EqualTo(1));
        Assert.That(without.Stderr, Does.Contain("--engine"));
        Assert.That(without.Stdout + without.Stderr, Does.Not.Contain("Password=taskflow").IgnoreCase);

        var with = await ToolProcess.RunAsync("status", "--json", "--connection", db.Target.ConnectionString,
            "--engine", engine == DatabaseEngine.PostgreSql ? "postgres" : "mysql");
        Assert.That(with.ExitCode, Is.Zero, with.ToString());
    }

    [TestCase("status"), TestCase("up"), TestCase("up", "--dry-run"), TestCase("validate")]
    public async Task A_url_without_a_database_is_one_line_asking_for_it(params string[] command)
    {
        var url = TestServers.AdminUrl(engine);
        var serverOnly = url[..url.LastIndexOf('/')];

        var result = await ToolProcess.RunAsync([.. command, "--connection", serverOnly]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stdout, Is.Empty, "nothing listed, nothing applied");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.ToString());
        Assert.That(lines[0], Does.StartWith("error: The database URL names no database: add it to the path, as in ").And.EndWith("/DATABASE."));
    }

    [Test]
    public async Task A_url_given_where_no_argument_belongs_is_refused_without_its_password()
    {
        var url = TestServers.UrlFor(engine, "tf_nowhere").Replace("taskflow:taskflow@", $"taskflow:{Secret}@", StringComparison.Ordinal);

        var result = await ToolProcess.RunAsync("status", url);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Unrecognized command or argument").And.Contain("taskflow:***@"));
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(Secret));
    }

    [TestCase("up", "--to"), TestCase("down", "--to"), TestCase("baseline", "--version")]
    public async Task A_version_that_is_not_digits_says_what_a_version_looks_like(string command, string option)
    {
        var result = await ToolProcess.RunAsync(command, option, "abc", "--connection", TestServers.UrlFor(engine, "tf_nowhere"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"{option} 'abc' is not a migration version: give its digits, such as 202508010000"));
        Assert.That(result.Stderr, Does.Not.Contain("System.Nullable").And.Not.Contain("Int64"));
    }
}

public sealed class CommandLineErrorTests
{
    [Test]
    public async Task An_unknown_engine_or_scheme_is_named()
    {
        var scheme = await ToolProcess.RunAsync("status", "--connection", "oracle://u:p@host/db");
        Assert.That(scheme.ExitCode, Is.EqualTo(1));
        Assert.That(scheme.Stderr, Does.Contain("oracle://"));

        var engine = await ToolProcess.RunAsync("script", "--engine", "sqlite");
        Assert.That(engine.ExitCode, Is.EqualTo(1));
        Assert.That(engine.Stderr, Does.Contain("Unknown engine 'sqlite'"));
    }

    [Test]
    public async Task No_connection_at_all_asks_for_one()
    {
        var result = await ToolProcess.RunAsync("up");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("DATABASE_URL"));
    }
}
