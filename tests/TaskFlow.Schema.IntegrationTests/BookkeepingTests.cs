using TaskFlow.Schema.IntegrationTests.DataCopy;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>The tool's own tables (history, data copy state, live sync state) are never drift.</summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class BookkeepingTests
{
    [Test]
    public async Task Validate_on_a_copy_data_target_ignores_the_copy_and_sync_bookkeeping()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        var copy = await dbs.CopyAsync();
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'taskflow\\_copy\\_%'"), Is.Not.EqualTo("0"));
        // What the live sync keeps (issue 10): a table of its own, with an index, a key and a trigger-free check.
        await dbs.Target.ExecuteAsync("""
            CREATE TABLE taskflow_sync_position (id int PRIMARY KEY, binlog_file text NOT NULL CHECK (binlog_file <> ''), user_id bigint REFERENCES users (id));
            CREATE INDEX ix_taskflow_sync_position_file ON taskflow_sync_position (binlog_file);
            """);
        await dbs.Source.ExecuteAsync("CREATE TABLE taskflow_sync_source_state (id INT PRIMARY KEY, note TEXT)");

        var target = await ToolProcess.RunAsync("validate", "--connection", dbs.Target.Url);
        var source = await ToolProcess.RunAsync("validate", "--connection", dbs.Source.Url);

        Assert.That(target.ExitCode, Is.Zero, target.ToString());
        Assert.That(target.Stdout, Is.Empty, target.ToString());
        Assert.That(source.ExitCode, Is.Zero, source.ToString());
        Assert.That(source.Stdout, Is.Empty, source.ToString());
    }
}
