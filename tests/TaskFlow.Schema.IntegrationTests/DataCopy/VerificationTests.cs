using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

[TestFixture, Category(DataCopyCategory.Name)]
public sealed class VerificationTests
{
    [Test]
    public async Task An_altered_target_row_fails_verification_naming_table_key_and_column()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, CONCAT('request ', seq) FROM seq_1_to_50");
        var copy = await dbs.CopyAsync();
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That((await dbs.VerifyAsync()).ExitCode, Is.Zero);

        await dbs.Target.ExecuteAsync("UPDATE requests SET requester = 'someone else' WHERE id = 17");
        var verify = await dbs.VerifyAsync("--json");

        Assert.That(verify.ExitCode, Is.EqualTo(2), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("table requests, key 17, column requester"));
        using var json = JsonDocument.Parse(verify.Stdout);
        var mismatch = json.RootElement.GetProperty("mismatch");
        Assert.That(mismatch.GetProperty("table").GetString(), Is.EqualTo("requests"));
        Assert.That(mismatch.GetProperty("key").GetString(), Is.EqualTo("17"));
        Assert.That(mismatch.GetProperty("column").GetString(), Is.EqualTo("requester"));
    }

    [Test]
    public async Task A_missing_target_row_is_named()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, 't' FROM seq_1_to_20");
        Assert.That((await dbs.CopyAsync()).ExitCode, Is.Zero);
        await dbs.Target.ExecuteAsync("DELETE FROM requests WHERE id = 9");

        var verify = await dbs.VerifyAsync();

        Assert.That(verify.ExitCode, Is.EqualTo(2), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("table requests, key 9: row is in the source but not in the target"));
    }

    [Test]
    public async Task After_a_copy_an_altered_target_row_is_caught_by_a_rerun_and_named()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            INSERT INTO requests (id, text) SELECT seq, CONCAT('request ', seq) FROM seq_1_to_50;
            INSERT INTO ai_outputs (id, request_id, redactions_json) SELECT seq, seq, '{"b": [1, 2.50], "a": "x"}' FROM seq_1_to_50;
            """);
        Assert.That((await dbs.CopyAsync()).ExitCode, Is.Zero);
        // The load stored the source side of verification; copy-data's own check reads only the target against it.
        Assert.That(await dbs.TargetScalarAsync("SELECT source_checksum IS NOT NULL AND source_hashed_rows = 50 FROM taskflow_copy_state WHERE table_name = 'ai_outputs'"),
            Is.EqualTo("True"));
        await dbs.Target.ExecuteAsync("""UPDATE ai_outputs SET redactions_json = '{"a": "x", "b": [1, 2.5, 3]}' WHERE id = 17""");

        // Rerunning the finished copy skips every table and compares each with the source as it is now.
        var copy = await dbs.CopyAsync("--json");

        Assert.That(copy.ExitCode, Is.EqualTo(2), copy.ToString());
        Assert.That(copy.Stderr, Does.Contain("table ai_outputs, key 17, column redactions_json"));
        using var json = JsonDocument.Parse(copy.Stdout);
        var mismatch = json.RootElement.GetProperty("mismatch");
        Assert.That(mismatch.GetProperty("table").GetString(), Is.EqualTo("ai_outputs"));
        Assert.That(mismatch.GetProperty("key").GetString(), Is.EqualTo("17"));
        Assert.That(mismatch.GetProperty("column").GetString(), Is.EqualTo("redactions_json"));
    }

    [Test]
    public async Task The_checksum_hashed_during_the_load_equals_the_one_verify_data_computes_from_the_source()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE processing_jobs MODIFY started_at TIMESTAMP(6) NULL;
            INSERT INTO users (id, name, email, role, preferences, created_at)
                VALUES (10, 'Zoë 😀 𝄞', 'z@example.org', 'SUPERVISOR', '{"b": 1, "a": {"y": [1, 2.50, "x", 1e2, "\u00e9<&>"]}, "b": 2}', '2025-01-02 03:04:05');
            INSERT INTO requests (id, text, requester, date_received, assigned_analyst_id, workflow_id, status, due_date)
                VALUES (7, 'hello 😀', NULL, '2024-02-29', 10, 1, 'IN_REVIEW', NULL);
            INSERT INTO ai_outputs (id, request_id, sensitivity_score, redactions_json)
                VALUES (1, 7, 9.99, '[]'), (2, 7, -9.99, NULL), (3, 7, 0.00, 'null'), (4, 7, 0.10, '{"z": -0.0, "é": "\ud83d\ude00", "a": [true, false, null]}');
            INSERT INTO processing_jobs (id, request_id, status, job_type, started_at)
                VALUES ('0F8FAD5B-D9CB-469F-A165-70867728950E', 7, 'FAILED', 'CUSTOM', '2025-06-30 23:59:59.123456'),
                       ('1f8fad5b-d9cb-469f-a165-70867728950e', 7, 'PENDING', 'STANDARD', NULL);
            """);

        var copy = await dbs.CopyAsync("--json");
        var verify = await dbs.VerifyAsync("--json");

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
        using var copied = JsonDocument.Parse(copy.Stdout);
        using var verified = JsonDocument.Parse(verify.Stdout);
        static Dictionary<string, string> Checksums(JsonDocument d) => d.RootElement.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("source_checksum").GetString() + "/" + t.GetProperty("target_checksum").GetString());
        Assert.That(Checksums(copied), Is.EqualTo(Checksums(verified)));
    }
}
