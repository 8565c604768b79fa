using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class RollbackTests
{
    [Test]
    public async Task Writes_made_on_PostgreSQL_after_the_cutover_including_cascading_deletes_sync_back_to_MySQL()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync("UPDATE requests SET due_date = NULL WHERE id = 100; INSERT INTO users (id, name, email, role) VALUES (20, 'New', 'new@example.org', 'ANALYST')");
        var cutover = await dbs.CutoverAsync();
        Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
        var forwardAgain = await dbs.SyncAsync("--until-caught-up");
        Assert.That(forwardAgain.ExitCode, Is.EqualTo(1), forwardAgain.ToString());
        Assert.That(forwardAgain.Stderr, Does.Contain("was cut over").And.Contain("the other way"));
        var upOnMySql = await ToolProcess.RunAsync("up", "--connection", dbs.Source.Url);
        Assert.That(upOnMySql.Stderr, Does.Contain("takes part in a live sync"), "MySQL is the way back's target from the cut-over on");

        // The application now writes to PostgreSQL (its own defaults: timestamps with microseconds, set_updated_at).
        await dbs.Target.ExecuteAsync("""
            INSERT INTO requests (text, requester, workflow_id, status) VALUES ('written on PostgreSQL ☃', 'pg', 10, 'PENDING');
            UPDATE requests SET due_date = '2027-03-01', requester = NULL WHERE id = 100;
            UPDATE users SET preferences = '{"theme": "light", "n": [1, 2.5]}' WHERE id = 11;
            UPDATE exercise_permissions SET id = 500 WHERE id = 12;
            INSERT INTO webhooks (name, url, events, headers) VALUES ('pg hook', 'https://pg.example.org/', ARRAY['a', 'b "quoted"', 'ü'], '{"k": "v"}');
            INSERT INTO processing_jobs (id, request_id, status) VALUES ('3f2504e0-4f89-11d3-9a0c-0305e82c3301', 101, 'RUNNING');
            DELETE FROM workflows WHERE id = 10;
            DELETE FROM users WHERE id = 20;
            """);
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("0"), "PostgreSQL cascaded");

        var back = await ToolProcess.RunAsync("sync", "--from", dbs.Target.Url, "--to", dbs.Source.Url, "--until-caught-up", "--json");

        Assert.That(back.ExitCode, Is.Zero, back.ToString());
        using (var json = JsonDocument.Parse(back.Stdout))
            Assert.That(json.RootElement.GetProperty("pending").GetInt64(), Is.Zero);
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM workflow_blocks WHERE workflow_id = 10"), Is.EqualTo("0"));
        Assert.That(await dbs.SourceScalarAsync("SELECT CAST(events AS CHAR) FROM webhooks WHERE name = 'pg hook'"), Is.EqualTo("[\"a\", \"b \\\"quoted\\\"\", \"ü\"]")
            .Or.EqualTo("[\"a\",\"b \\\"quoted\\\"\",\"ü\"]"));
        // MySQL's TIMESTAMP holds whole seconds: the one value the way back cannot keep exactly.
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target, wholeSeconds: true);

        var status = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Target.Url, "--to", dbs.Source.Url, "--json");
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            Assert.That(json.RootElement.GetProperty("state").GetString(), Is.EqualTo("syncing"));
            Assert.That(json.RootElement.GetProperty("applied").GetInt64(), Is.GreaterThan(5));
        }
        var stop = await ToolProcess.RunAsync("sync", "stop", "--from", dbs.Target.Url, "--to", dbs.Source.Url);
        Assert.That(stop.ExitCode, Is.Zero, stop.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
    }
}
