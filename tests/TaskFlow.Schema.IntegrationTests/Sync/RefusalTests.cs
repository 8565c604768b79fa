using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Sync;

[TestFixture, Category(SyncCategory.Name)]
public sealed class RefusalTests
{
    [Test]
    public async Task Up_is_refused_on_both_sides_while_a_sync_is_installed_naming_it()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);

        var onSource = await ToolProcess.RunAsync("up", "--connection", dbs.Source.Url);
        var onTarget = await ToolProcess.RunAsync("up", "--connection", dbs.Target.Url);
        var down = await ToolProcess.RunAsync("down", "--connection", dbs.Source.Url, "--to", "0");

        Assert.That(onSource.ExitCode, Is.EqualTo(1), onSource.ToString());
        Assert.That(onSource.Stderr, Does.Contain("takes part in a live sync").And.Contain("taskflow_sync_changes").And.Contain("sync stop"));
        Assert.That(onTarget.ExitCode, Is.EqualTo(1), onTarget.ToString());
        Assert.That(onTarget.Stderr, Does.Contain("takes part in a live sync").And.Contain("taskflow_sync_state"));
        Assert.That(down.ExitCode, Is.EqualTo(1), down.ToString());
        Assert.That(down.Stderr, Does.Contain("`down` would change its schema"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_schema_history"), Is.Not.EqualTo("0"), "nothing reverted");
    }

    [Test]
    public async Task Cutover_without_the_right_to_set_read_only_is_refused_with_what_to_grant_and_changes_nothing()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = 'pending change' WHERE id = 100");
        await using var owner = await AppUser.CreateAsync(dbs.Source, "ALL PRIVILEGES");

        var cutover = await ToolProcess.RunAsync("cutover", "--from", owner.Url, "--to", dbs.Target.Url);

        Assert.That(cutover.ExitCode, Is.EqualTo(1), cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("Cannot stop writes").And.Contain("Nothing was changed")
            .And.Contain(TestServers.MySqlIsMariaDb ? "GRANT READ_ONLY ADMIN ON" : "GRANT SYSTEM_VARIABLES_ADMIN, CONNECTION_ADMIN ON"));
        Assert.That(cutover.Stderr, Does.Not.Contain("app-secret-pw"));
        Assert.That(await dbs.SourceScalarAsync("SELECT @@GLOBAL.read_only"), Is.EqualTo("0"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM taskflow_sync_changes"), Is.EqualTo("1"), "the pending change is still pending");
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.Not.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT to_regclass('taskflow_sync_capture') IS NULL"), Is.EqualTo("True"), "no reverse capture");
        Assert.That(await dbs.TargetScalarAsync("SELECT cutover_ms IS NULL FROM taskflow_sync_state"), Is.EqualTo("True"));
    }

    [Test]
    public async Task Sync_stop_refuses_while_changes_are_pending_unless_forced_and_then_removes_everything()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        Assert.That((await dbs.SyncAsync("--until-caught-up")).ExitCode, Is.Zero);
        await dbs.Source.ExecuteAsync("DELETE FROM ai_outputs WHERE id = 12");

        var status = await ToolProcess.RunAsync("sync", "status", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        var refused = await ToolProcess.RunAsync("sync", "stop", "--from", dbs.Source.Url, "--to", dbs.Target.Url);
        var forced = await ToolProcess.RunAsync("sync", "stop", "--from", dbs.Source.Url, "--to", dbs.Target.Url, "--force");

        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.Stdout, Does.Contain(": syncing").And.Contain("pending: 1,").And.Contain("ai_outputs").And.Contain("1 pending"));
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
        Assert.That(refused.Stderr, Does.Contain("1 change(s)").And.Contain("--force"));
        Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.EqualTo("0"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'taskflow\\_sync\\_%'"), Is.EqualTo("0"));
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"), Is.EqualTo("0"), "set_updated_at is on again");
        Assert.That((await ToolProcess.RunAsync("up", "--connection", dbs.Source.Url)).ExitCode, Is.Zero, "up is allowed again");
    }

    [Test]
    public async Task Cutover_that_sees_writes_after_read_only_fails_leaving_MySQL_the_primary_and_says_how_to_undo_read_only()
    {
        await using var dbs = await SyncDatabases.CreateAsync();
        // The cut-over's user holds exactly the documented rights: without PROCESS it cannot see another account's sessions,
        // so a privileged writer of another account gets past its look for them. The drain still catches its writes.
        await using var user = await AppUser.CreateAsync(dbs.Source, LeastPrivilegeTests.SyncRights);
        await dbs.Source.ExecuteAsync($"GRANT {LeastPrivilegeTests.CutoverRights} ON *.* TO '{user.Name}'@'%'");
        var trusted = await dbs.SourceScalarAsync("SELECT @@GLOBAL.log_bin_trust_function_creators");
        await dbs.Source.ExecuteAsync("SET GLOBAL log_bin_trust_function_creators = ON");
        try
        {
            Assert.That((await ToolProcess.RunAsync("sync", "--from", user.Url, "--to", dbs.Target.Url, "--until-caught-up")).ExitCode, Is.Zero);
        }
        finally
        {
            await dbs.Source.ExecuteAsync($"SET GLOBAL log_bin_trust_function_creators = {(trusted == "1" ? "ON" : "OFF")}");
        }
        // The test server's own user has READ_ONLY ADMIN: read_only does not stop it, as it would not stop a privileged writer in production.
        var privileged = new WriteLoad(dbs.Source.Target.ConnectionString, seed: 3);
        using var stop = new CancellationTokenSource();
        var writing = privileged.RunAsync(operations: 100000, TimeSpan.FromMilliseconds(20), stop.Token);

        var cutover = await ToolProcess.RunAsync("cutover", "--from", user.Url, "--to", dbs.Target.Url);
        await stop.CancelAsync();
        try
        {
            await writing;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.That(cutover.ExitCode, Is.Not.Zero, cutover.ToString());
        Assert.That(cutover.Stderr, Does.Contain("Cut-over stopped").And.Contain("is still the primary").And.Contain("SET GLOBAL read_only = OFF;"));
        Assert.That(await dbs.SourceScalarAsync("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"), Is.Not.EqualTo("0"),
            "the forward capture is still in place");
        Assert.That(await dbs.TargetScalarAsync("SELECT to_regclass('taskflow_sync_capture') IS NULL"), Is.EqualTo("True"), "no reverse capture");
        await SyncDatabases.AllowWritesAsync();
        Assert.That((await ToolProcess.RunAsync("sync", "--from", user.Url, "--to", dbs.Target.Url, "--until-caught-up")).ExitCode, Is.Zero, "the sync goes on");
        await IndependentComparison.AssertEqualAsync(dbs.Source, dbs.Target);
    }
}
