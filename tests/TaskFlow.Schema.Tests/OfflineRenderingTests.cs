using TaskFlow.Schema.Tests.Migrations;

namespace TaskFlow.Schema.Tests;

[TestFixture]
public sealed class OfflineRenderingTests
{
    [TestCase("PostgreSql")]
    [TestCase("MySql")]
    public void Migration_that_queries_the_database_fails_to_render(string engine)
    {
        var dialect = engine == "MySql" ? Render.MySql : Render.PostgreSql;

        var e = Assert.Throws<Dialects.DialectNotSupportedException>(() => Render.Migration<QueriesDatabaseMigration>(dialect));

        Assert.That(e!.Message, Does.Contain("Schema.Table().Exists()").And.Contain("migrations must render to fixed SQL"));
    }

    [TestCase("PostgreSql")]
    [TestCase("MySql")]
    public void Rendering_twice_gives_identical_scripts(string engine)
    {
        var dialect = engine == "MySql" ? Render.MySql : Render.PostgreSql;

        var first = Render.TaskFlow(dialect);
        var second = Render.TaskFlow(dialect);

        Assert.That(second.Select(m => m.Checksum), Is.EqualTo(first.Select(m => m.Checksum)));
        Assert.That(second.SelectMany(m => m.Up.Concat(m.Down)), Is.EqualTo(first.SelectMany(m => m.Up.Concat(m.Down))));
    }

    [Test]
    public void Rendered_statements_use_lf_line_endings() =>
        Assert.That(Render.TaskFlow(Render.PostgreSql).SelectMany(m => m.Up.Concat(m.Down)), Has.None.Contains("\r"));
}
