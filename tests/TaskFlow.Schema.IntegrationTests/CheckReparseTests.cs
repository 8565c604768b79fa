using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>
/// PostgreSQL prints a re-parsed CHECK expression (after pg_dump and a restore) with its casts in other places: the same
/// check must validate clean, and a changed one must still be reported. MySQL keeps a check's text as written.
/// </summary>
[TestFixture(Category = Engines.PostgreSql)]
public sealed class CheckReparseTests
{
    [Test]
    public async Task A_check_reparsed_by_a_dump_and_restore_still_validates_clean()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "reparse");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        // What pg_restore creates from pg_dump's text of the constraint: the same check, its casts moved.
        var printed = (await db.QueryAsync("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_webhook_deliveries_status'")).Single()[0]!;
        await db.ExecuteAsync($"ALTER TABLE webhook_deliveries DROP CONSTRAINT ck_webhook_deliveries_status, ADD CONSTRAINT ck_webhook_deliveries_status {printed}");
        var reparsed = (await db.QueryAsync("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck_webhook_deliveries_status'")).Single()[0]!;
        Assert.That(reparsed, Is.Not.EqualTo(printed), "the re-parsed text differs, as after a restore");

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public async Task A_changed_check_is_still_reported()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "chk");
        await db.Migrator().UpAsync(null, CancellationToken.None);
        await db.ExecuteAsync("ALTER TABLE webhook_deliveries DROP CONSTRAINT ck_webhook_deliveries_status, " +
            "ADD CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'success'))");

        var result = await ToolProcess.RunAsync("validate", "--connection", db.Url);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Does.Contain("webhook_deliveries"));
    }
}
