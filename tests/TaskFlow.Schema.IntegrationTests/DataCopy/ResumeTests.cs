using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

[TestFixture, Category(DataCopyCategory.Name)]
public sealed class ResumeTests
{
    [Test]
    public async Task A_copy_killed_mid_table_reruns_to_exact_counts_without_copying_finished_tables_again()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            INSERT INTO requests (id, text, assigned_analyst_id) SELECT seq, CONCAT('request ', seq), 2 FROM seq_1_to_30000;
            INSERT INTO ai_outputs (request_id, summary) SELECT seq, 's' FROM seq_1_to_3000;
            """);
        string[] args = ["copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--parallel", "1"];

        // Internal test hook: the load of requests stops after 10,000 rows inside its transaction.
        using (var process = ToolProcess.Start(new Dictionary<string, string?> { ["TASKFLOW_COPY_TEST_PAUSE"] = "requests:10000" }, args))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line && !line.Contains("test hook: paused", StringComparison.Ordinal))
            {
            }
            process.Kill(entireProcessTree: true); // SIGKILL: nothing gets to clean up
            await process.WaitForExitAsync(timeout.Token);
        }
        Assert.That(await dbs.TargetScalarAsync("SELECT status FROM taskflow_copy_state WHERE table_name = 'users'"), Is.EqualTo("done"));
        Assert.That(await dbs.TargetScalarAsync("SELECT status FROM taskflow_copy_state WHERE table_name = 'requests'"), Is.EqualTo("pending"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests"), Is.EqualTo("0"), "the killed table's transaction left nothing");

        var rerun = await ToolProcess.RunAsync([.. args, "--json"]);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(rerun.Stderr, Does.Contain("users: already copied"));
        using var json = JsonDocument.Parse(rerun.Stdout);
        Assert.That(json.RootElement.GetProperty("verification").GetString(), Is.EqualTo("ok"));
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.That(tables["users"].GetProperty("skipped").GetBoolean(), Is.True);
        Assert.That(tables["requests"].GetProperty("skipped").GetBoolean(), Is.False);
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests"), Is.EqualTo("30000"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM ai_outputs"), Is.EqualTo("3000"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'"), Is.EqualTo("16"), "foreign keys are back");
    }
}
