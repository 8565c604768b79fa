using System.Text;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>
/// The target side of verification is computed by PostgreSQL itself (no row leaves the server): its hashtextextended
/// must give what <see cref="PgHash"/> gives, the server's digest must equal the one the loader computed from the source
/// rows, it must not depend on where the rows lie, and it must change when a stored value does.
/// </summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class ServerDigestTests
{
    [Test]
    public async Task PostgreSQL_hashes_strings_of_every_length_and_seed_as_PgHash_does()
    {
        var random = new Random(20261202);
        var alphabet = new[] { "a", "Z", "0", " ", "é", "中", "😀", "\\", "'", "\n" };
        var strings = Enumerable.Range(0, 80).Select(n => string.Concat(Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)])))
            .Append(string.Concat(Enumerable.Range(0, 30_000).Select(_ => alphabet[random.Next(alphabet.Length)])))
            .ToArray();
        var seeds = new[] { 0L, 1L, -1L, long.MinValue, long.MaxValue, random.NextInt64(long.MinValue, long.MaxValue) };
        await using var pg = new NpgsqlConnection(ConnectionParser.Parse(TestServers.AdminUrl(DatabaseEngine.PostgreSql)).ConnectionString);
        await pg.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT x.n, y.m, hashtextextended(x.p COLLATE \"C\", y.s) FROM unnest($1) WITH ORDINALITY x(p, n), unnest($2) WITH ORDINALITY y(s, m)", pg)
        {
            Parameters = { new() { Value = strings }, new() { Value = seeds } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var compared = 0;
        while (await reader.ReadAsync())
        {
            var (text, seed) = (strings[reader.GetInt64(0) - 1], seeds[reader.GetInt64(1) - 1]);
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.That(PgHash.Of(bytes, unchecked((ulong)seed)), Is.EqualTo(unchecked((ulong)reader.GetInt64(2))),
                $"{bytes.Length} bytes, seed {seed}");
            // Fed in uneven pieces, as a long value is.
            var pieces = new PgHash(bytes.Length, unchecked((ulong)seed));
            for (var at = 0; at < bytes.Length; at += 7)
                pieces.Append(bytes.AsSpan(at, Math.Min(7, bytes.Length - at)));
            Assert.That(pieces.Finish(), Is.EqualTo(unchecked((ulong)reader.GetInt64(2))), $"{bytes.Length} bytes in pieces, seed {seed}");
            compared++;
        }
        Assert.That(compared, Is.EqualTo(strings.Length * seeds.Length));
    }

    [Test]
    public async Task The_server_digest_equals_the_loaded_one_wherever_the_rows_lie_and_changes_with_a_stored_value()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) SELECT seq, CONCAT('request ', seq) FROM seq_1_to_300");
        // A value long enough to be hashed in slices on the client, with characters of 1 to 4 bytes.
        await dbs.Source.ExecuteAsync("UPDATE requests SET text = REPEAT('aé中😀', 20000) WHERE id = 7");
        var copy = await dbs.CopyAsync();
        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        var loaded = await dbs.TargetScalarAsync("SELECT source_checksum FROM taskflow_copy_state WHERE table_name = 'requests'");
        Assert.That(loaded, Is.Not.Null.And.Not.Empty);

        var progress = new Recorder();
        var verifier = await VerifierAsync(dbs, progress);
        Assert.That(await verifier.Verifier.HashTargetAsync(verifier.Plan, 300, CancellationToken.None), Is.EqualTo((300L, loaded)));

        // An UPDATE writes the row's new version elsewhere in the heap (triggers off, so that updated_at keeps its value).
        await dbs.Target.ExecuteAsync("SET session_replication_role = replica; UPDATE requests SET text = text WHERE id = 1");
        Assert.That(await dbs.TargetScalarAsync("SELECT (array_agg(id))[1] FROM (SELECT id FROM requests) r"), Is.Not.EqualTo("1"),
            "the test needs key 1 moved away from the start of the heap");
        Assert.That(await verifier.Verifier.HashTargetAsync(verifier.Plan, 300, CancellationToken.None), Is.EqualTo((300L, loaded)),
            "the digest does not depend on the order of the rows");

        await dbs.Target.ExecuteAsync("SET session_replication_role = replica; UPDATE requests SET text = 'request 3' WHERE id = 2");
        Assert.That((await verifier.Verifier.HashTargetAsync(verifier.Plan, 300, CancellationToken.None)).Checksum, Is.Not.EqualTo(loaded),
            "a changed value changes the digest");
        Assert.That(progress.Messages, Is.Empty, "the server's hash matched; nothing was read back");
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
