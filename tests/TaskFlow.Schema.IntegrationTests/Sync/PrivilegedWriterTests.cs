using Dapper;
using MySqlConnector;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// read_only does not stop an account with SUPER or CONNECTION_ADMIN (Oracle MySQL) or READ_ONLY ADMIN (MariaDB): the
/// cut-over names such sessions and stops before anything changes, rather than call a window closed that is not.
/// </summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class PrivilegedWriterTests
{
    [Test]
    public async Task A_connected_session_that_read_only_does_not_stop_is_named_and_the_cutover_changes_nothing()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        var sync = await dbs.SyncAsync("--until-caught-up");
        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        // The servers' admin account, as an application connected with a privileged account would be.
        await using var privileged = new MySqlConnection(new MySqlConnectionStringBuilder(dbs.Source.Target.ConnectionString) { Pooling = false }.ConnectionString);
        await privileged.OpenAsync();
        try
        {
            await privileged.ExecuteAsync("SET GLOBAL read_only = ON");
            await privileged.ExecuteAsync("UPDATE requests SET requester = 'written under read_only' WHERE id = 100");
            Assert.That(await dbs.SourceScalarAsync("SELECT requester FROM requests WHERE id = 100"), Is.EqualTo("written under read_only"),
                "read_only lets this account write");
        }
        finally
        {
            await privileged.ExecuteAsync("SET GLOBAL read_only = OFF");
        }

        var cutover = await dbs.CutoverAsync();

        Assert.That(cutover.ExitCode, Is.EqualTo(1), cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain($"session {privileged.ServerThread} taskflow@"));
        Assert.That(cutover.Stderr, Does.Contain("read_only does not stop accounts with SUPER or " + (TestServers.MySqlIsMariaDb ? "READ_ONLY ADMIN" : "CONNECTION_ADMIN")));
        Assert.That(cutover.Stderr, Does.Contain("Nothing was changed"));
        Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("0"), "writes still go to MySQL");
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'taskflow\\_sync\\_%'"),
            Is.Not.EqualTo("0"), "the capture is in place");

        await privileged.CloseAsync();
        var again = await dbs.CutoverAsync();
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT requester FROM requests WHERE id = 100"), Is.EqualTo("written under read_only"));
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }
}
