using MySqlConnector;
using Npgsql;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>
/// The target side of verification reads a table with a plain sequential scan, relying on the copy having written it
/// in key order; the order is checked on every row, and a table stored out of key order is read again in key order.
/// </summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class ReadBackTests
{
    [Test]
    public async Task A_table_stored_out_of_key_order_is_read_again_in_key_order_and_hashes_the_same()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, CONCAT('request ', seq) FROM seq_1_to_300");
        var copy = await dbs.CopyAsync();
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        var loaded = await dbs.TargetScalarAsync("SELECT source_checksum FROM taskflow_copy_state WHERE table_name = 'requests'");
        Assert.That(loaded, Is.Not.Null.And.Not.Empty);

        var progress = new Recorder();
        var verifier = await VerifierAsync(dbs, progress);
        var (rows, checksum) = await verifier.Verifier.HashTargetAsync(verifier.Plan, 300, CancellationToken.None);
        Assert.That((rows, checksum), Is.EqualTo((300L, loaded)), "as loaded: one pass, in key order");
        Assert.That(progress.Messages, Has.None.Contains("not stored in key order"));

        // An UPDATE writes the row's new version elsewhere in the heap: a sequential scan now meets key 1 after others.
        // (Triggers off, so that updated_at keeps its value and the content stays the same.)
        await dbs.Target.ExecuteAsync("SET session_replication_role = replica; UPDATE requests SET text = text WHERE id = 1");
        Assert.That(await dbs.TargetScalarAsync("SELECT (array_agg(id))[1] FROM (SELECT id FROM requests) r"), Is.Not.EqualTo("1"),
            "the test needs key 1 moved away from the start of the heap");
        (rows, checksum) = await verifier.Verifier.HashTargetAsync(verifier.Plan, 300, CancellationToken.None);

        Assert.That(progress.Messages, Has.Some.Contains("requests: rows are not stored in key order"));
        Assert.That((rows, checksum), Is.EqualTo((300L, loaded)), "read again in key order: the same checksum");
    }

    private static async Task<(DataVerifier Verifier, TablePlan Plan)> VerifierAsync(CopyDatabases dbs, ICopyProgress progress)
    {
        var source = new SourceDatabase(dbs.Source.Target);
        await using var my = await source.OpenAsync(CancellationToken.None);
        await using var pg = new NpgsqlConnection(dbs.Target.Target.ConnectionString);
        await pg.OpenAsync();
        var catalog = await TargetCatalog.ReadAsync(pg, CancellationToken.None);
        var plans = TablePlanner.Plan(catalog, [], await source.ColumnsAsync(my, CancellationToken.None));
        return (new DataVerifier(source, new TargetDatabase(dbs.Target.Target), progress), plans.Single(p => p.Name == "requests"));
    }

    private sealed class Recorder : ICopyProgress
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public void TableStarted(string phase, string table, long estimatedRows)
        {
        }

        public void Rows(string phase, string table, long rows)
        {
        }

        public void TableFinished(string phase, string table, long rows)
        {
        }

        public void Info(string message) => Messages.Enqueue(message);
    }
}
