using System.Text;
using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>
/// The copy writes PostgreSQL's binary COPY format itself. Every type it writes, at its limits, must arrive as the value
/// meant: checked by PostgreSQL's own text output of what it stored, not by reading it back through a driver.
/// </summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class BinaryCopyWriterTests
{
    private const string Columns = "b, s, i, l, n, t, j, js, u, ts, tsn, d, a, va, e";

    [Test]
    public async Task Every_type_arrives_as_PostgreSQL_prints_it_at_its_limits()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "binary_copy");
        await using var pg = await OpenAsync(db);
        await db.ExecuteAsync("""
            CREATE TYPE mood AS ENUM ('calm', 'naïve 😀');
            CREATE TABLE t (k int PRIMARY KEY, b boolean, s smallint, i integer, l bigint, n numeric, t text, j jsonb, js json, u uuid,
                ts timestamptz, tsn timestamp, d date, a text[], va varchar(20)[], e mood);
            """);
        var huge = string.Concat(Enumerable.Repeat("aé中😀", 50_000));
        var rows = new (int Key, Action<BinaryCopyWriter> Write, string Expected)[]
        {
            (1, w =>
            {
                w.WriteBoolean(true); w.WriteInt16(short.MinValue); w.WriteInt32(int.MinValue); w.WriteInt64(long.MinValue);
                w.WriteNumeric(-79228162514264337593543950335m); Text(w, ""); Jsonb(w, "{\"b\": [1, 2.50], \"a\": null}");
                Text(w, "[1,  2]"); w.WriteUuid(Guid.Parse("00000000-0000-0000-0000-000000000001"));
                w.WriteTimestamp(new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc)); w.WriteTimestamp(new DateTime(1970, 1, 1, 0, 0, 0, 1));
                w.WriteDate(DateOnly.MinValue); w.WriteTextArray([], 25); w.WriteTextArray([], 1043); Text(w, "calm");
            }, "true|-32768|-2147483648|-9223372036854775808|-79228162514264337593543950335||{\"a\": null, \"b\": [1, 2.50]}|[1,  2]|" +
               "00000000-0000-0000-0000-000000000001|0001-01-01 00:00:00+00|1970-01-01 00:00:00.001|0001-01-01|{}|{}|calm"),
            (2, w =>
            {
                w.WriteBoolean(false); w.WriteInt16(short.MaxValue); w.WriteInt32(int.MaxValue); w.WriteInt64(long.MaxValue);
                w.WriteNumeric(0.0000000000000000000000000001m); Text(w, "a\tb \\ 'é' 😀"); Jsonb(w, "\"x\"");
                Text(w, "{}"); w.WriteUuid(Guid.Parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
                w.WriteTimestamp(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990));
                w.WriteTimestamp(new DateTime(2000, 1, 1)); w.WriteDate(DateOnly.MaxValue);
                w.WriteTextArray(["a", "", "b,c", "naïve 😀", "NULL"], 25); w.WriteTextArray(["x y"], 1043); Text(w, "naïve 😀");
            }, "false|32767|2147483647|9223372036854775807|0.0000000000000000000000000001|a\tb \\ 'é' 😀|\"x\"|{}|" +
               "ffffffff-ffff-ffff-ffff-ffffffffffff|9999-12-31 23:59:59.999999+00|2000-01-01 00:00:00|9999-12-31|" +
               "{a,\"\",\"b,c\",\"naïve 😀\",\"NULL\"}|{\"x y\"}|naïve 😀"),
            (3, w =>
            {
                for (var i = 0; i < 4; i++)
                    w.WriteNull();
                w.WriteNumeric(-0.00m); Text(w, huge); Jsonb(w, "[\"" + huge + "\"]");
                for (var i = 0; i < 8; i++)
                    w.WriteNull();
            }, "||||0.00|" + huge + "|[\"" + huge + "\"]||||||||"),
            (4, w => Numbers(w, 1234567.891m), NumberRow("1234567.891")),
            (5, w => Numbers(w, -10000m), NumberRow("-10000")),
            (6, w => Numbers(w, 9.90m), NumberRow("9.90")),
            (7, w => Numbers(w, 0.00000001m), NumberRow("0.00000001")),
            (8, w => Numbers(w, 12345678901234567890.12345678m), NumberRow("12345678901234567890.12345678")),
            (9, w => Numbers(w, -0.01m), NumberRow("-0.01")),
            (10, w => Numbers(w, 100000000m), NumberRow("100000000")),
        };
        using (var writer = BinaryCopyWriter.Begin(pg, $"COPY t (k, {Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (key, write, _) in rows)
            {
                writer.StartRow(16);
                writer.WriteInt32(key);
                write(writer);
            }
            writer.Complete();
        }

        // Every value as PostgreSQL's output function prints it (UTC, ISO), NULL as nothing.
        var printed = await QueryAsync(pg, $"SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SELECT k, concat_ws('|', " +
            string.Join(", ", Columns.Split(", ").Select(c => $"coalesce({c}::text, '')")) + ") FROM t ORDER BY k");
        Assert.That(printed.Select(r => r.Key), Is.EqualTo(rows.Select(r => r.Key)));
        foreach (var (key, _, expected) in rows)
        {
            var actual = printed.Single(r => r.Key == key).Text;
            Assert.That(actual, Is.EqualTo(expected), $"row {key}");
        }
        Assert.That((await QueryAsync(pg, "SELECT 0, concat_ws('|', isfinite(ts), isfinite(d)) FROM t WHERE k IN (1, 2)")).Select(r => r.Text),
            Is.EqualTo(new[] { "t|t", "t|t" }), "no limit became ±infinity");
    }

    [Test]
    public async Task A_writer_disposed_before_it_completes_keeps_nothing_and_leaves_the_connection_usable()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "binary_copy");
        await using var pg = await OpenAsync(db);
        await db.ExecuteAsync("CREATE TABLE t (k int PRIMARY KEY, v text)");
        using (var writer = BinaryCopyWriter.Begin(pg, "COPY t (k, v) FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < 20_000; k++)
            {
                writer.StartRow(2);
                writer.WriteInt32(k);
                writer.WriteBytes("a value that fills the buffer more than once"u8);
            }
        }
        Assert.That((await QueryAsync(pg, "SELECT count(*)::int, '' FROM t")).Single().Key, Is.Zero);
    }

    [Test]
    public async Task PostgreSQL_refusing_a_value_fails_the_COPY_at_completion_naming_the_problem()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.PostgreSql, "binary_copy");
        await using var pg = await OpenAsync(db);
        await db.ExecuteAsync("CREATE TABLE t (k int PRIMARY KEY, v numeric(3,2))");
        var error = Assert.Throws<PostgresException>(() =>
        {
            using var writer = BinaryCopyWriter.Begin(pg, "COPY t (k, v) FROM STDIN (FORMAT BINARY)");
            writer.StartRow(2);
            writer.WriteInt32(1);
            writer.WriteNumeric(123.45m);
            writer.Complete();
        });
        Assert.That(error!.SqlState, Is.EqualTo("22003"), error.Message);
        Assert.That((await QueryAsync(pg, "SELECT count(*)::int, '' FROM t")).Single().Key, Is.Zero);
    }

    // The row Numbers writes, as printed: only n is not NULL.
    private static string NumberRow(string n) => "||||" + n + new string('|', 10);

    private static void Numbers(BinaryCopyWriter w, decimal value)
    {
        for (var i = 0; i < 4; i++)
            w.WriteNull();
        w.WriteNumeric(value);
        for (var i = 0; i < 10; i++)
            w.WriteNull();
    }

    private static void Text(BinaryCopyWriter w, string value) => w.WriteBytes(Encoding.UTF8.GetBytes(value));

    // jsonb's binary format: version 1, then the text.
    private static void Jsonb(BinaryCopyWriter w, string value) => w.WriteBytes([1, .. Encoding.UTF8.GetBytes(value)]);

    private static async Task<NpgsqlConnection> OpenAsync(TestDatabase db)
    {
        var pg = new NpgsqlConnection(db.Target.ConnectionString);
        await pg.OpenAsync();
        return pg;
    }


    private static async Task<List<(int Key, string Text)>> QueryAsync(NpgsqlConnection pg, string sql)
    {
        await using var command = new NpgsqlCommand(sql, pg);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        return rows;
    }
}
