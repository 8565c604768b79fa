using System.Globalization;
using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>What a resumed copy, a forged quarantine record and bad options must never get past.</summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class CopyDefectTests
{
    // Starts a copy whose load of requests pauses after 100 rows (users is done by then) and kills it there.
    private static async Task KillDuringRequestsAsync(CopyDatabases dbs, string from)
    {
        string[] args = ["copy-data", "--from", from, "--to", dbs.Target.Url, "--parallel", "1"];
        using var process = ToolProcess.Start(new Dictionary<string, string?> { ["TASKFLOW_COPY_TEST_PAUSE"] = "requests:100" }, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line && !line.Contains("test hook: paused", StringComparison.Ordinal))
        {
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(await dbs.TargetScalarAsync("SELECT status FROM taskflow_copy_state WHERE table_name = 'users'"), Is.EqualTo("done"));
    }

    private static Task FillAsync(TestDatabase source) =>
        source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, CONCAT('request ', seq) FROM seq_1_to_500");

    [Test]
    public async Task A_resumed_copy_refuses_another_source_naming_both()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await using var other = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "copyother");
        await other.Migrator().UpAsync(CopyDatabases.Baseline, CancellationToken.None);
        await FillAsync(dbs.Source);
        await FillAsync(other);
        await KillDuringRequestsAsync(dbs, dbs.Source.Url);

        var rerun = await ToolProcess.RunAsync("copy-data", "--from", other.Url, "--to", dbs.Target.Url);

        Assert.That(rerun.ExitCode, Is.EqualTo(1), rerun.ToString());
        Assert.That(rerun.Stderr, Does.Contain(dbs.Source.Name).And.Contain(other.Name));
        Assert.That(rerun.Stderr, Does.Not.Contain("every table matches"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests"), Is.EqualTo("0"), "nothing of the other source was loaded");
    }

    [Test]
    public async Task A_resumed_copy_compares_finished_tables_with_the_source_as_it_is_now()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await FillAsync(dbs.Source);
        await KillDuringRequestsAsync(dbs, dbs.Source.Url);
        // Same row count, same highest key: only the content of a finished table changed.
        await dbs.Source.ExecuteAsync("UPDATE users SET name = 'renamed after the kill' WHERE id = 1");

        var rerun = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--json");

        Assert.That(rerun.ExitCode, Is.EqualTo(2), rerun.ToString());
        Assert.That(rerun.Stderr, Does.Not.Contain("every table matches"));
        Assert.That(rerun.Stderr, Does.Contain("table users, key 1, column name"));
        using var json = JsonDocument.Parse(rerun.Stdout);
        Assert.That(json.RootElement.GetProperty("verification").GetString(), Is.EqualTo("mismatch"));
    }

    [TestCase("text", "forged: not a valid value")]
    [TestCase("assigned_analyst_id", "foreign key fk_requests_assigned_analyst_id: no users row with id = this value was copied")]
    public async Task A_forged_quarantine_record_does_not_hide_a_missing_row(string column, string reason)
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text, assigned_analyst_id) SELECT seq, 't', 2 FROM seq_1_to_20");
        Assert.That((await dbs.CopyAsync()).ExitCode, Is.Zero);
        await dbs.Target.ExecuteAsync($"""
            DELETE FROM requests WHERE id = 5;
            INSERT INTO taskflow_copy_quarantine (table_name, key, column_name, reason, value) VALUES ('requests', '5', '{column}', '{reason}', 'x');
            """);

        var verify = await dbs.VerifyAsync();

        Assert.That(verify.ExitCode, Is.EqualTo(2), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("table requests, key 5: row is in the source but not in the target"));
    }

    [Test]
    public async Task Verify_data_exits_with_the_code_it_prints_for_quarantined_rows()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) VALUES (1, 'ok'), (2, CONCAT('nul', CHAR(0)))");
        var file = Path.Combine(Path.GetTempPath(), $"quarantine-{Guid.NewGuid():N}.jsonl");
        Assert.That((await dbs.CopyAsync("--on-error", "quarantine", "--quarantine-file", file)).ExitCode, Is.EqualTo(4));
        File.Delete(file);

        var verify = await dbs.VerifyAsync("--json");

        Assert.That(verify.ExitCode, Is.EqualTo(4), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("exit code 4."));
        using var json = JsonDocument.Parse(verify.Stdout);
        Assert.That(json.RootElement.GetProperty("exit_code").GetInt32(), Is.EqualTo(4));
    }

    [Test]
    public async Task A_quarantine_file_that_cannot_be_written_is_refused_before_any_work()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-dir-{Guid.NewGuid():N}", "bad.jsonl");
        var directory = Path.GetTempPath(); // a directory is not a file that can be written

        foreach (var (path, words) in new[] { (missing, "does not exist"), (directory, "cannot be written") })
        {
            var copy = await dbs.CopyAsync("--on-error", "quarantine", "--quarantine-file", path);

            Assert.That(copy.ExitCode, Is.EqualTo(1), copy.ToString());
            var error = copy.Stderr.Split('\n').Single(l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.That(error, Does.Contain("--quarantine-file").And.Contain(words));
            Assert.That(copy.Stderr, Does.Not.Contain("Applying"), "refused before any work");
            Assert.That(copy.Stderr, Does.Not.Contain("   at "));
        }
        Assert.That(Directory.Exists(Path.GetDirectoryName(missing)), Is.False, "no directory is created");
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_class WHERE relname = 'taskflow_copy_run'"), Is.EqualTo("0"));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("65")]
    public async Task Parallel_out_of_range_is_refused_naming_the_range(string parallel)
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        foreach (var command in new[] { "copy-data", "verify-data" })
        {
            var run = await ToolProcess.RunAsync(command, "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--parallel", parallel);

            Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
            Assert.That(run.Stderr, Does.Contain("--parallel").And.Contain("1 to 64"));
        }
    }

    [Test]
    public async Task A_resumed_copy_prints_no_already_exists_notices_and_analyzes_every_table()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await FillAsync(dbs.Source);
        await KillDuringRequestsAsync(dbs, dbs.Source.Url);

        var rerun = await ToolProcess.RunAsync("copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.ToString());
        Assert.That(rerun.Stderr, Does.Not.Contain("already exists"));
        var unanalyzed = await dbs.Target.QueryAsync("""
            SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL AND last_autoanalyze IS NULL AND relname NOT LIKE 'taskflow\_%'
            """);
        Assert.That(unanalyzed.Select(r => r[0]), Is.Empty, "statistics for every loaded table");
        Assert.That(await dbs.TargetScalarAsync("SELECT reltuples::bigint FROM pg_class WHERE relname = 'requests'"),
            Is.EqualTo(500.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task SIGTERM_in_the_middle_of_a_table_says_cancelled()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, REPEAT('request text ', 20) FROM seq_1_to_400000");
        using var copy = RunningTool.Start(null, "copy-data", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        await copy.WaitForStderrAsync("Copying", TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(2));

        copy.Terminate();
        var result = await copy.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.That(result.ExitCode, Is.EqualTo(130), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Cancelled."));
        Assert.That(result.Stderr, Does.Not.Contain("error:").And.Not.Contain("interrupted"));
    }
}
