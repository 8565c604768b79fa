using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>
/// Values arrive exactly, at every step, up to the limits of each column type, checked with SQL of our own on both
/// sides (<see cref="IndependentComparison"/>), and verification catches a value PostgreSQL stores differently even
/// when the driver would map it back to the source's value.
/// </summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class ExactValueTests
{
    private static async Task<CopyDatabases> AtLatestStepWithRowsAsync()
    {
        var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.Migrator().UpAsync(null, CancellationToken.None);
        var load = await SqlClient.RunFileAsync(dbs.Source, RepositoryFiles.TestResource("latest-step-rows.sql"));
        Assert.That(load.ExitCode, Is.Zero, load.ToString());
        return dbs;
    }

    [Test]
    public async Task A_database_at_the_latest_step_with_rows_in_every_table_arrives_equal()
    {
        await using var dbs = await AtLatestStepWithRowsAsync();
        var empty = await dbs.Source.QueryAsync("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_rows = 0 AND table_name <> 'taskflow_schema_history'
            """);
        await dbs.Source.ExecuteAsync("ANALYZE TABLE users, webhooks, webhook_deliveries, exercise_permissions");

        var copy = await dbs.CopyAsync("--json");

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        using var json = JsonDocument.Parse(copy.Stdout);
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.That(tables.Where(t => t.GetProperty("rows").GetInt64() == 0).Select(t => t.GetProperty("table").GetString()), Is.Empty,
            "every table of the latest step has rows");
        Assert.That(tables, Has.Count.EqualTo(17));
        Assert.That(await dbs.TargetScalarAsync("SELECT array_to_string(events, '|') FROM webhooks WHERE id = 11"),
            Is.EqualTo("job.failed|naïve \"quoted\" ☃"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
        _ = empty;
    }

    [Test]
    public async Task Boundary_values_of_every_type_at_the_latest_step_arrive_exactly()
    {
        await using var dbs = await AtLatestStepWithRowsAsync();
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE processing_jobs MODIFY started_at TIMESTAMP(6) NULL;
            INSERT INTO requests (id, text, date_received, due_date, created_at, updated_at) VALUES
                (9223372036854775807, 'largest key', '9999-12-31', '1000-01-01', '2038-01-19 03:14:07', '1970-01-01 00:00:01'),
                (200, 'oldest date', '0001-01-01', '9999-12-31', NULL, NULL);
            INSERT INTO ai_outputs (id, request_id, version, tokens_used, duration_ms) VALUES
                (9223372036854775806, 9223372036854775807, 2147483647, -2147483648, 0);
            INSERT INTO processing_jobs (id, request_id, started_at, completed_at, retry_count) VALUES
                ('ffffffff-ffff-ffff-ffff-ffffffffffff', 200, '2038-01-19 03:14:07.999999', '1970-01-01 00:00:01', -2147483648),
                ('00000000-0000-0000-0000-000000000000', 200, '1970-01-01 00:00:01.000001', '2038-01-19 03:14:07', 2147483647);
            """);

        var copy = await dbs.CopyAsync();

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        var dates = await dbs.Target.QueryAsync("SELECT date_received::text, isfinite(date_received), due_date::text, isfinite(due_date) FROM requests WHERE id IN (200, 9223372036854775807) ORDER BY id");
        Assert.That(dates, Is.EqualTo(new[]
        {
            new[] { "0001-01-01", "True", "9999-12-31", "True" },
            new[] { "9999-12-31", "True", "1000-01-01", "True" },
        }));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM requests WHERE date_received = '9999-12-31' AND due_date = '1000-01-01'"), Is.EqualTo("1"));
        Assert.That(await dbs.TargetScalarAsync(
            "SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM processing_jobs WHERE id = 'ffffffff-ffff-ffff-ffff-ffffffffffff'"),
            Is.EqualTo("2038-01-19 03:14:07.999999"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [Test]
    public async Task Decimal_limits_at_the_baseline_step_arrive_exactly()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            INSERT INTO requests (id, text) VALUES (1, 't');
            INSERT INTO ai_outputs (id, request_id, sensitivity_score, tokens_used) VALUES
                (1, 1, 9.99, 2147483647), (2, 1, -9.99, -2147483648), (3, 1, 0.00, 0), (4, 1, 0.01, NULL), (5, 1, -0.01, NULL);
            """);

        var copy = await dbs.CopyAsync();

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That((await dbs.Target.QueryAsync("SELECT sensitivity_score::text FROM ai_outputs ORDER BY id")).Select(r => r[0]),
            Is.EqualTo(new[] { "9.99", "-9.99", "0.00", "0.01", "-0.01" }));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }

    [TestCase("date_received", "'infinity'", "9999-12-31")]
    [TestCase("date_received", "'-infinity'", "0001-01-01")]
    [TestCase("created_at", "'infinity'", "2038-01-19 03:14:07")]
    public async Task Verification_catches_a_target_value_the_driver_would_map_back_to_the_source_value(string column, string stored, string source)
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync($"INSERT INTO requests (id, text, {column}) VALUES (1, 't', '{source}'), (2, 'u', NULL)");
        Assert.That((await dbs.CopyAsync()).ExitCode, Is.Zero);

        // Only the one value changes: the updated_at trigger stays out of it.
        await dbs.Target.ExecuteAsync($"ALTER TABLE requests DISABLE TRIGGER USER; UPDATE requests SET {column} = {stored} WHERE id = 1");
        var verify = await dbs.VerifyAsync();

        Assert.That(verify.ExitCode, Is.EqualTo(2), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain($"table requests, key 1, column {column}"));
    }
}
