using System.Text.Json;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

[TestFixture, Category(DataCopyCategory.Name)]
public sealed class ConversionTests
{
    [Test]
    public async Task Every_type_arrives_exactly_and_verifies()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE processing_jobs MODIFY started_at TIMESTAMP(6) NULL;
            INSERT INTO users (id, name, email, role, preferences, created_at)
                VALUES (10, 'Zoë 😀 𝄞', 'z@example.org', 'SUPERVISOR', '{"b": 1, "a": {"y": [1, 2.50, "x"]}, "b": 2}', '2025-01-02 03:04:05');
            INSERT INTO requests (id, text, requester, date_received, assigned_analyst_id, workflow_id, status, due_date)
                VALUES (7, 'hello 😀', NULL, '2024-02-29', 10, 1, 'IN_REVIEW', NULL);
            INSERT INTO ai_outputs (id, request_id, sensitivity_score, redactions_json)
                VALUES (1, 7, 9.99, '[]'), (2, 7, -9.99, NULL), (3, 7, 0.00, 'null');
            INSERT INTO processing_jobs (id, request_id, status, job_type, started_at)
                VALUES ('0F8FAD5B-D9CB-469F-A165-70867728950E', 7, 'FAILED', 'CUSTOM', '2025-06-30 23:59:59.123456');
            INSERT INTO workflows (id, name, is_default, created_by) VALUES (2, 'not default', 0, 10);
            """);

        var copy = await dbs.CopyAsync("--json");

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        using var json = JsonDocument.Parse(copy.Stdout);
        Assert.That(json.RootElement.GetProperty("verification").GetString(), Is.EqualTo("ok"));
        var user = (await dbs.Target.QueryAsync(
            "SELECT name, role::text, preferences->'a'->'y'->>1, preferences->>'b', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM users WHERE id = 10")).Single();
        // Oracle MySQL's binary JSON keeps a number with a fraction as a double: it holds 2.5 for the 2.50 written, and so does PostgreSQL.
        Assert.That(user, Is.EqualTo(new[] { "Zoë 😀 𝄞", "SUPERVISOR", TestServers.MySqlIsMariaDb ? "2.50" : "2.5", "2", "2025-01-02 03:04:05" }));
        var request = (await dbs.Target.QueryAsync("SELECT text, requester, date_received::text, status::text, due_date FROM requests WHERE id = 7")).Single();
        Assert.That(request, Is.EqualTo(new[] { "hello 😀", null, "2024-02-29", "IN_REVIEW", null }));
        var scores = await dbs.Target.QueryAsync("SELECT sensitivity_score::text, redactions_json IS NULL, jsonb_typeof(redactions_json) FROM ai_outputs ORDER BY id");
        Assert.That(scores.Select(r => r[0]), Is.EqualTo(new[] { "9.99", "-9.99", "0.00" }));
        Assert.That(scores.Select(r => r[1]), Is.EqualTo(new[] { "False", "True", "False" }), "SQL NULL stays NULL, JSON null stays JSON");
        Assert.That(scores[2][2], Is.EqualTo("null"));
        var job = (await dbs.Target.QueryAsync(
            "SELECT id::text, job_type::text, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM processing_jobs")).Single();
        Assert.That(job, Is.EqualTo(new[] { "0f8fad5b-d9cb-469f-a165-70867728950e", "CUSTOM", "2025-06-30 23:59:59.123456" }));
        Assert.That(await dbs.Target.QueryAsync("SELECT is_default::text FROM workflows ORDER BY id"),
            Is.EqualTo(new[] { new[] { "true" }, new[] { "false" } }));
    }

    [Test]
    public async Task Text_and_JSON_in_a_column_of_another_character_set_arrive_as_the_same_characters()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        // Hand-made production tables keep the server's default character set: here latin1, whose é is one byte, utf8mb3,
        // ucs2 (two bytes a character), and a VARBINARY column holding UTF-8.
        await dbs.Source.ExecuteAsync("""
            ALTER TABLE requests MODIFY text TEXT CHARACTER SET latin1 NOT NULL, MODIFY requester VARCHAR(255) CHARACTER SET utf8mb3 NULL;
            ALTER TABLE users MODIFY preferences LONGTEXT CHARACTER SET latin1 NULL, MODIFY name VARCHAR(255) CHARACTER SET ucs2 NOT NULL,
                MODIFY email VARBINARY(255) NOT NULL;
            INSERT INTO requests (id, text, requester) VALUES (7, 'café crème, ½ price', 'Müller €');
            INSERT INTO users (id, name, email, role, preferences) VALUES (10, 'Zoë Ωmega', 'zoë@example.org', 'ANALYST', '{"greeting": "grüß", "é": 1}');
            """);
        Assert.That((await dbs.Source.QueryAsync("SELECT HEX(CAST(text AS BINARY)) FROM requests WHERE id = 7")).Single()[0], Does.StartWith("636166E9"),
            "stored as latin1");

        var copy = await dbs.CopyAsync();

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(await dbs.Target.QueryAsync("SELECT text, requester FROM requests WHERE id = 7"),
            Is.EqualTo(new[] { new[] { "café crème, ½ price", "Müller €" } }));
        Assert.That(await dbs.Target.QueryAsync("SELECT name, email FROM users WHERE id = 10"), Is.EqualTo(new[] { new[] { "Zoë Ωmega", "zoë@example.org" } }));
        Assert.That(await dbs.TargetScalarAsync("SELECT preferences::text FROM users WHERE id = 10"), Is.EqualTo("""{"é": 1, "greeting": "grüß"}"""));
    }

    [Test]
    public async Task A_16_MB_mediumtext_with_4_byte_characters_is_copied_whole()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        // 2,796,202 x 6 bytes = 16,777,212 bytes: just under MEDIUMTEXT's 16 MB limit.
        await dbs.Source.ExecuteAsync("INSERT INTO requests (id, text) VALUES (1, REPEAT('ab😀', 2796202))");

        var copy = await dbs.CopyAsync();

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT octet_length(text) || ' ' || right(text, 3) FROM requests WHERE id = 1"),
            Is.EqualTo("16777212 ab😀"));
        // The load sessions ask TOAST for lz4 (Debian's PostgreSQL 15 has it): several times cheaper than pglz.
        Assert.That(await dbs.TargetScalarAsync("SELECT pg_column_compression(text) FROM requests WHERE id = 1"), Is.EqualTo("lz4"));
    }

    [Test]
    public async Task Identity_positions_continue_after_the_copied_ids_and_urls_come_from_the_environment()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("INSERT INTO users (id, name, email, role) VALUES (41, 'n', 'n@x', 'ADMIN')");
        var my = new MySqlConnector.MySqlConnectionStringBuilder(dbs.Source.Target.ConnectionString);
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(dbs.Target.Target.ConnectionString);
        var environment = new Dictionary<string, string?>
        {
            ["MYSQL_HOST"] = my.Server, ["MYSQL_PORT"] = my.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MYSQL_USER"] = my.UserID, ["MYSQL_PASSWORD"] = my.Password, ["MYSQL_DATABASE"] = dbs.Source.Name,
            ["POSTGRES_HOST"] = pg.Host, ["POSTGRES_PORT"] = pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["POSTGRES_USER"] = pg.Username, ["POSTGRES_PASSWORD"] = pg.Password, ["POSTGRES_DB"] = dbs.Target.Name,
        };

        var copy = await ToolProcess.RunAsync(environment, "copy-data");

        Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
        Assert.That(copy.Stdout + copy.Stderr, Does.Not.Contain(":" + my.Password + "@"), "no password in the output");
        Assert.That(await dbs.TargetScalarAsync("INSERT INTO users (name, email, role) VALUES ('next', 'next@x', 'ANALYST') RETURNING id"), Is.EqualTo("42"));
        Assert.That(await dbs.TargetScalarAsync("INSERT INTO workflows (name, created_by) VALUES ('next', 1) RETURNING id"), Is.EqualTo("2"));
    }

    [Test]
    public async Task The_source_step_comes_from_its_history_or_from_version_else_both_are_named()
    {
        await using var dbs = await CopyDatabases.CreateAsync();
        await dbs.Source.ExecuteAsync("DROP TABLE taskflow_schema_history");

        var without = await dbs.CopyAsync();
        Assert.That(without.ExitCode, Is.EqualTo(1), without.ToString());
        Assert.That(without.Stderr, Does.Contain("--from-version").And.Contain("baseline"));

        var with = await dbs.CopyAsync("--from-version", CopyDatabases.Baseline.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(with.ExitCode, Is.Zero, with.ToString());
        Assert.That(await dbs.TargetScalarAsync("SELECT MAX(version) FROM taskflow_schema_history"), Is.EqualTo("202507210000"));
    }
}
