using TaskFlow.Schema.Tests.Migrations;

namespace TaskFlow.Schema.Tests;

[TestFixture]
public sealed class CheckAndViewTests
{
    [TestCase("PostgreSql", """ALTER TABLE "notes" ADD CONSTRAINT "ck_notes_body" CHECK ("body" <> '');""")]
    [TestCase("MySql", "ALTER TABLE `notes` ADD CONSTRAINT `ck_notes_body` CHECK (`body` <> '');")]
    public void Check_constraint_is_named_and_quotes_per_engine(string engine, string expected) =>
        Assert.That(Up(engine)[0], Is.EqualTo(expected));

    [TestCase("PostgreSql", "CREATE VIEW \"long_notes\" AS\nSELECT id, body FROM notes WHERE LENGTH(body) > 100;")]
    [TestCase("MySql", "CREATE VIEW `long_notes` AS\nSELECT id, body FROM notes WHERE LENGTH(body) > 100;")]
    public void View_keeps_its_select_with_one_terminator(string engine, string expected) =>
        Assert.That(Up(engine)[1], Is.EqualTo(expected));

    [TestCase("PostgreSql", "DROP VIEW \"long_notes\";")]
    [TestCase("MySql", "DROP VIEW `long_notes`;")]
    public void View_is_dropped_by_name(string engine, string expected) =>
        Assert.That(Render.Migration<CheckAndViewMigration>(Dialect(engine)).Down, Is.EqualTo(new[] { expected }));

    private static IReadOnlyList<string> Up(string engine) => Render.Migration<CheckAndViewMigration>(Dialect(engine)).Up;

    private static Dialects.ISchemaDialect Dialect(string engine) => engine == "MySql" ? Render.MySql : Render.PostgreSql;
}
