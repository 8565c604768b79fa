using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>`sync` and `cutover` as a MySQL user holding exactly the rights docs/data-copy.md lists, never ALL.</summary>
[TestFixture, Category(SyncCategory.Name)]
public sealed class LeastPrivilegeTests
{
    // docs/data-copy.md, "Privileges": the forward sync's rights on the database, and the cut-over's on the server.
    internal const string SyncRights = "SELECT, INSERT, DELETE, CREATE, DROP, TRIGGER";
    internal static string CutoverRights => TestServers.MySqlIsMariaDb ? "READ_ONLY ADMIN" : "SYSTEM_VARIABLES_ADMIN, CONNECTION_ADMIN";

    [Test]
    public async Task Sync_and_cutover_run_with_exactly_the_documented_rights()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        await using var user = await AppUser.CreateAsync(dbs.Source, SyncRights);
        await dbs.Source.ExecuteAsync($"GRANT {CutoverRights} ON *.* TO '{user.Name}'@'%'");
        var binlog = await dbs.SourceScalarAsync("SELECT @@GLOBAL.log_bin") == "1";
        var trusted = await dbs.SourceScalarAsync("SELECT @@GLOBAL.log_bin_trust_function_creators");
        try
        {
            if (binlog)
            {
                // With the binary log on (Oracle MySQL's default), a user without SUPER may create triggers only once an
                // administrator trusts routine creators; until then the sync is refused, with the setting named, and leaves nothing.
                await dbs.Source.ExecuteAsync("SET GLOBAL log_bin_trust_function_creators = OFF");
                var refused = await ToolProcess.RunAsync("sync", "--from", user.Url, "--to", dbs.Target.Url, "--until-caught-up");
                Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
                Assert.That(refused.Stderr, Does.Contain("log_bin_trust_function_creators").And.Contain("nothing is left"));
                Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"));
                Assert.That(await dbs.SourceScalarAsync(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
                await dbs.Source.ExecuteAsync("SET GLOBAL log_bin_trust_function_creators = ON");
            }

            var sync = await ToolProcess.RunAsync("sync", "--from", user.Url, "--to", dbs.Target.Url, "--until-caught-up");
            Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
            await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'after the full copy' WHERE id = 100; DELETE FROM ai_outputs WHERE id = 12");
            var cutover = await ToolProcess.RunAsync("cutover", "--from", user.Url, "--to", dbs.Target.Url);

            Assert.That(cutover.ExitCode, Is.Zero, cutover.ToString());
            Assert.That(sync.Stderr + cutover.Stderr, Does.Not.Contain("app-secret-pw"));
            await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
            Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"));
        }
        finally
        {
            await dbs.Source.ExecuteAsync($"SET GLOBAL log_bin_trust_function_creators = {(trusted == "1" ? "ON" : "OFF")}");
        }
    }
}
