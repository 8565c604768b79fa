using Npgsql;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.DataCopy.Converters;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>
/// Verification hashes a jsonb value exactly as PostgreSQL sends it back, and the source value in the
/// canonical form copy-data writes. The two must be the same text for every document jsonb accepts.
/// </summary>
[TestFixture, Category(DataCopyCategory.Name)]
public sealed class JsonCanonicalFormTests
{
    private static readonly string[] Documents =
    [
        """{"b": 1, "a": 2}""",
        """{"bb": 1, "a": 2, "ccc": 3, "B": 4, "é": 5, "z": 6}""",
        """{"a": 1, "a": 2, "b": {"x": 1, "x": [3]}}""",
        """{}""", """[]""", """[{}, [], [[]], {"": null}]""",
        """ { "spaced" :[ 1 ,2, 3 ] , "t":true,"f":false,"n":null } """,
        """[0, -0, -0.0, 1.50, 1e2, 1E+2, 15e-1, 1.5e-3, 12.500e1, 0.000, 1e-7, 123456789012345678901234567890, -1.0e1, 0e5, 0.0e-2]""",
        """["plain", "quote \" backslash \\ slash \/ tab \t nl \n cr \r bs \b ff \f", "\u00e9\u4e2d", "\ud83d\ude00 😀", "ctl \u0001 \u001f", "del \u007f"]""",
        """{"k\"ey": "v", "k\\e": 1, "\u00e9": 2, "e": 3}""",
        """{"deep": {"deeper": {"deepest": [1, {"x": "y"}]}}}""",
        "\"just a string\"", "42", "true", "null",
        // numeric's limits: 131072 digits before the point, 16383 after.
        "[1e1001, 0.0001e131075, 1e-16383, 0e999999, -0.5e-3]",
    ];

    [Test]
    public async Task The_canonical_form_of_a_document_is_the_text_PostgreSQL_prints_for_it_as_jsonb()
    {
        await using var pg = new NpgsqlConnection(ConnectionParser.Parse(TestServers.AdminUrl(DatabaseEngine.PostgreSql)).ConnectionString);
        await pg.OpenAsync();
        foreach (var document in Documents)
        {
            await using var command = new NpgsqlCommand("SELECT $1::jsonb::text", pg) { Parameters = { new() { Value = document } } };
            var printed = (string)(await command.ExecuteScalarAsync())!;

            Assert.That(JsonText.Check(document, out var canonical), Is.Null, document);
            Assert.That(canonical, Is.EqualTo(printed), document);
            Assert.That(JsonText.Check(printed, out var again), Is.Null);
            Assert.That(again, Is.EqualTo(printed), "jsonb's own text is already canonical: " + printed);
        }
    }

    [TestCase("""{"a": "x\u0000y"}""", "\\u0000")]
    [TestCase("""{"a\u0000": 1}""", "\\u0000")]
    [TestCase("""[1e131072]""", "range of PostgreSQL's numeric")]
    [TestCase("""[1.5e-16383]""", "range of PostgreSQL's numeric")]
    [TestCase("1", "range of PostgreSQL's numeric", 131072)]
    [TestCase("""[0e-16384]""", "range of PostgreSQL's numeric")]
    [TestCase("""[1e99999999999]""", "range of PostgreSQL's numeric")]
    [TestCase("""{"a": 1""", "invalid JSON")]
    [TestCase("""["\ud800"]""", "invalid JSON string")]
    public async Task A_document_jsonb_refuses_is_refused_with_the_reason(string document, string reason, int zeros = 0)
    {
        // An integer of 131073 digits (one more than numeric holds before the point), written out in full.
        document += new string('0', zeros);
        await using var pg = new NpgsqlConnection(ConnectionParser.Parse(TestServers.AdminUrl(DatabaseEngine.PostgreSql)).ConnectionString);
        await pg.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT $1::jsonb::text", pg) { Parameters = { new() { Value = document } } };

        Assert.That(async () => await command.ExecuteScalarAsync(), Throws.InstanceOf<PostgresException>(), "PostgreSQL refuses it too");
        Assert.That(JsonText.Check(document, out var canonical), Does.Contain(reason));
        Assert.That(canonical, Is.Null);
    }
}
