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

        Assert.That(verify.ExitCode, Is.EqualTo(3), verify.ToString());
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

        Assert.That(verify.ExitCode, Is.EqualTo(3), verify.ToString());
        Assert.That(verify.Stderr, Does.Contain("table requests, key 9: row is in the source but not in the target"));
    }
}
