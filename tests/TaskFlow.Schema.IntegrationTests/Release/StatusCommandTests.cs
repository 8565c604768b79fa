using System.Diagnostics;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Release;

/// <summary><c>status</c> as people read it in a terminal or a CI log, and as an init container waits on it.</summary>
[TestFixture(DatabaseEngine.PostgreSql, Category = Engines.PostgreSql)]
[TestFixture(DatabaseEngine.MySql, Category = Engines.MySql)]
public sealed class StatusCommandTests(DatabaseEngine engine)
{
    [Test]
    public async Task Status_prints_one_line_per_migration_within_80_columns()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "status80");
        var migrations = db.Migrator().Renderer.Migrations;
        var halfway = migrations[migrations.Count / 2].Version;
        var up = await ToolProcess.RunAsync("up", "--to", halfway.ToString(System.Globalization.CultureInfo.InvariantCulture), "--connection", db.Url);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());

        var status = await ToolProcess.RunAsync(new Dictionary<string, string?> { ["COLUMNS"] = null }, "status", "--connection", db.Url);
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        var lines = status.Stdout.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo(db.Target.Display), "the database first (a long URL cannot be cut)");
        Assert.That(lines.Skip(1).Where(l => l.Length > 80), Is.Empty, "stdout is not a terminal: 80 columns");
        Assert.That(status.Stdout, Does.Not.Contain("\u001b["), "no terminal escapes in a log");
        foreach (var m in migrations)
        {
            var version = m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var row = lines.Where(l => l.StartsWith(version + "  ", StringComparison.Ordinal)).ToList();
            Assert.That(row, Has.Count.EqualTo(1), $"one whole line for {version}:\n{status.Stdout}");
            var words = row[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(words[1], Is.EqualTo(m.Version <= halfway ? "applied" : "pending"), row[0]);
            if (m.Version <= halfway)
                Assert.That(words[5], Is.EqualTo("ok"), "checksum column: " + row[0]);
            Assert.That(row[0], Does.Contain(m.Description.Split(' ')[0]), "the description starts on the row");
        }
        Assert.That(lines[1], Does.StartWith($"at {halfway}, latest {migrations[^1].Version}, {migrations.Count(m => m.Version > halfway)} pending"));

        var wide = await ToolProcess.RunAsync(new Dictionary<string, string?> { ["COLUMNS"] = "200" }, "status", "--connection", db.Url);
        Assert.That(wide.Stdout, Does.Contain(migrations.MaxBy(m => m.Description.Length)!.Description), "a wide terminal shows whole descriptions");
    }

    [Test]
    public async Task Wait_for_exits_2_until_the_version_is_applied_and_0_once_it_is()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "waitfor");
        var latest = db.Migrator().Renderer.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var before = await ToolProcess.RunAsync("status", "--wait-for", latest, "--connection", db.Url);
        Assert.That(before.ExitCode, Is.EqualTo(2), before.ToString());
        Assert.That(before.Stderr, Does.Contain($"{latest} is not applied"));

        // A waiting status started before `up` returns once up has applied the version, not before.
        using var waiting = RunningTool.Start(null, "status", "--wait-for", latest, "--timeout", "120", "--json", "--connection", db.Url);
        await waiting.WaitForStderrAsync("waiting for", TimeSpan.FromSeconds(60));
        var up = await ToolProcess.RunAsync("up", "--connection", db.Url);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var clock = Stopwatch.StartNew();
        var after = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(after.ExitCode, Is.Zero, after.ToString());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        Assert.That(after.Stdout, Does.Contain("\"pending\": 0"));

        var unknown = await ToolProcess.RunAsync("status", "--wait-for", "1234", "--connection", db.Url);
        Assert.That(unknown.ExitCode, Is.EqualTo(1), unknown.ToString());
        Assert.That(unknown.Stderr, Does.Contain("--wait-for 1234: no such migration"));
    }

    [Test]
    public async Task Wait_for_waits_for_a_server_that_does_not_answer_yet_and_then_gives_up()
    {
        var url = TestServers.UrlFor(engine, "tf_never_created_" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        var result = await ToolProcess.RunAsync("status", "--wait-for", "202507210000", "--timeout", "5", "--connection", url);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(4)), "kept trying until the timeout");
        Assert.That(result.Stderr, Does.Contain("waiting for"));
        Assert.That(result.Stderr, Does.Not.Contain(":taskflow@"), "no password");
    }

    [Test]
    public async Task The_connection_can_come_from_the_engine_variables_of_a_container()
    {
        await using var db = await TestDatabase.CreateAsync(engine, "envvars");
        var uri = new Uri("db" + db.Url[db.Url.IndexOf("://", StringComparison.Ordinal)..]);
        var prefix = engine == DatabaseEngine.PostgreSql ? "POSTGRES" : "MYSQL";
        var credentials = uri.UserInfo.Split(':');
        var environment = new Dictionary<string, string?>
        {
            [prefix + "_HOST"] = uri.Host,
            [prefix + "_PORT"] = uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "_USER"] = Uri.UnescapeDataString(credentials[0]),
            [prefix + "_PASSWORD"] = Uri.UnescapeDataString(credentials[1]),
            [engine == DatabaseEngine.PostgreSql ? "POSTGRES_DB" : "MYSQL_DATABASE"] = db.Name,
        };
        var up = await ToolProcess.RunAsync(environment, "up");
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var status = await ToolProcess.RunAsync(environment, "status", "--wait-for", db.Migrator().Renderer.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.Stdout, Does.Contain(db.Name));
    }
}
