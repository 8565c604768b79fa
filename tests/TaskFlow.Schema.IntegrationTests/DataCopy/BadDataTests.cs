using System.Globalization;
using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

[TestFixture, Category(DataCopyCategory.Name)]
public sealed class BadDataTests
{
    private const int Id = 500;

    [Test]
    public async Task A_JSON_number_beyond_PostgreSQLs_numeric_is_a_bad_row_on_MariaDB_and_cannot_be_stored_on_Oracle_MySQL()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        var insert = () => dbs.Source.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, BadRow.BeyondNumeric.Sql, Id));
        if (TestServers.MySqlIsMariaDb)
        {
            await insert();
            Assert.That(BadRow.All, Does.Contain(BadRow.BeyondNumeric), "the copy's bad-row tests cover it");
        }
        else
        {
            Assert.That(insert, Throws.InstanceOf<MySqlConnector.MySqlException>().With.Message.Contains("Invalid JSON text"));
        }
    }

    [TestCaseSource(typeof(BadRow), nameof(BadRow.All))]
    public async Task Under_fail_the_copy_stops_naming_table_key_column_value_and_reason(BadRow bad)
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, bad.Sql, Id));

        var copy = await dbs.CopyAsync();

        Assert.That(copy.ExitCode, Is.EqualTo(1), copy.ToString());
        Assert.That(copy.Stderr, Does.Contain($"table {bad.Table}, key {bad.KeyFor(Id)}, column {bad.Column}: "));
        Assert.That(copy.Stderr, Does.Contain(bad.Reason));
        if (bad.ShownValue is not null)
            Assert.That(copy.Stderr, Does.Contain($"value: '{bad.ShownValue}'"));
        Assert.That(copy.Stderr, Does.Contain("--on-error quarantine"));
        Assert.That(copy.Stderr, Does.Not.Contain("   at "));
        Assert.That(await dbs.TargetScalarAsync($"SELECT COUNT(*) FROM {bad.Table}"), Is.EqualTo("0"), "the failed table's transaction rolled back");
    }

    [Test]
    public async Task Under_quarantine_every_bad_row_is_set_aside_recorded_and_accounted_for_by_verification()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        for (var i = 0; i < BadRow.All.Length; i++)
            await dbs.Source.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, BadRow.All[i].Sql, Id + i));
        // A child of a quarantined row is an orphan in the target, so it is quarantined too.
        await dbs.Source.ExecuteAsync($"INSERT INTO ai_outputs (id, request_id) VALUES (77, {Id})");
        var file = Path.Combine(Path.GetTempPath(), $"quarantine-{Guid.NewGuid():N}.jsonl");

        var copy = await dbs.CopyAsync("--on-error", "quarantine", "--quarantine-file", file, "--json");

        try
        {
            Assert.That(copy.ExitCode, Is.EqualTo(4), copy.ToString());
            using var summary = JsonDocument.Parse(copy.Stdout);
            Assert.That(summary.RootElement.GetProperty("verification").GetString(), Is.EqualTo("ok"));
            Assert.That(summary.RootElement.GetProperty("quarantined").GetInt32(), Is.EqualTo(BadRow.All.Length + 1));
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            for (var i = 0; i < BadRow.All.Length; i++)
            {
                var bad = BadRow.All[i];
                var key = bad.KeyFor(Id + i);
                var line = lines.SingleOrDefault(l => l.GetProperty("table").GetString() == bad.Table && l.GetProperty("key").GetString() == key);
                Assert.That(line.ValueKind, Is.EqualTo(JsonValueKind.Object), $"{bad.Name}: no quarantine line for {bad.Table} {key}");
                Assert.That(line.GetProperty("column").GetString(), Is.EqualTo(bad.Column), bad.Name);
                Assert.That(line.GetProperty("reason").GetString(), Does.Contain(bad.Reason), bad.Name);
                Assert.That(await dbs.TargetScalarAsync($"SELECT COUNT(*) FROM {bad.Table} WHERE id::text = '{key}'"), Is.EqualTo("0"), bad.Name);
            }
            Assert.That(lines.Any(l => l.GetProperty("table").GetString() == "ai_outputs" && l.GetProperty("key").GetString() == "77"));
            // The orphans' contribution to the load's checksum is taken out again: the table is settled by checksums alone.
            Assert.That(await dbs.TargetScalarAsync(
                "SELECT COUNT(*) FROM taskflow_copy_state WHERE table_name = 'ai_outputs' AND source_checksum IS NOT NULL"), Is.EqualTo("1"));
            Assert.That(copy.Stderr, Does.Not.Contain("comparing with the source row by row"));

            var verify = await dbs.VerifyAsync();
            Assert.That(verify.ExitCode, Is.EqualTo(4), "standalone verification also leaves quarantined rows out, and says they are\n" + verify);
            Assert.That(verify.Stderr, Does.Contain("every table matches"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
