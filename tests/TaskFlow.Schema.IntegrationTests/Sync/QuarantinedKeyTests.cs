using System.Globalization;
using TaskFlow.Schema.IntegrationTests.DataCopy;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>A row the sync quarantined is handled by its key: the cut-over names it before writes stop, and once it is fixed or deleted at the source the next sync clears it.</summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class QuarantinedKeyTests
{
    private const int Id = 9100;

    [TestCaseSource(typeof(BadRow), nameof(BadRow.All))]
    public async Task A_row_quarantined_by_the_sync_stops_the_cutover_before_writes_stop_and_clears_once_deleted_at_the_source(BadRow bad)
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, bad.Sql, Id));
        var key = bad.KeyFor(Id);
        var file = Path.Combine(Path.GetTempPath(), $"sync-quarantine-{Guid.NewGuid():N}.jsonl");
        try
        {
            var quarantined = await dbs.SyncAsync("--until-caught-up", "--on-error", "quarantine", "--quarantine-file", file);
            Assert.That(quarantined.ExitCode, Is.EqualTo(4), quarantined.ToString());
            Assert.That(await File.ReadAllTextAsync(file), Does.Contain($"\"table\":\"{bad.Table}\",\"key\":\"{key}\",\"column\":\"{bad.Column}\""));

            var refused = await dbs.CutoverAsync();
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain($"table {bad.Table}, key {key}, column {bad.Column}").And.Contain("quarantined").And.Contain("Nothing was changed"));
            Assert.That(refused.Stderr, Does.Not.Contain("22P02").And.Not.Contain("Database error"));
            Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("0"), "writes never stopped");

            // Deleted at the source, as the docs advise: the next sync applies the delete and clears the record.
            await dbs.Source.ExecuteAsync($"SET FOREIGN_KEY_CHECKS = 0; DELETE FROM {bad.Table} WHERE id = '{key}'");
            if (bad.Sql.Contains("VARBINARY", StringComparison.Ordinal))
                await dbs.Source.ExecuteAsync("ALTER TABLE requests MODIFY requester VARCHAR(256) NULL");
            var cleared = await dbs.SyncAsync("--until-caught-up", "--on-error", "quarantine", "--quarantine-file", file);
            Assert.That(cleared.ExitCode, Is.Zero, cleared.ToString());
            Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM taskflow_copy_quarantine"), Is.EqualTo("0"));

            var cutover = await dbs.CutoverAsync();
            Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
            await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
