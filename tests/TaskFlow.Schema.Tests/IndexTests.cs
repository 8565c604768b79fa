using TaskFlow.Schema.Tests.Migrations;

namespace TaskFlow.Schema.Tests;

[TestFixture]
public sealed class IndexTests
{
    [Test]
    public void Json_index_is_gin_on_postgresql() =>
        Assert.That(Render.Migration<IndexConceptsMigration>(Render.PostgreSql).Up[0],
            Is.EqualTo("""CREATE INDEX "gin_concepts_doc" ON "concepts" USING gin ("doc");"""));

    [Test]
    public void Json_index_renders_nothing_on_mysql() =>
        Assert.That(Render.Migration<IndexConceptsMigration>(Render.MySql).Up, Has.None.Contains("gin_concepts_doc"));

    [Test]
    public void Partial_unique_index_is_native_on_postgresql() =>
        Assert.That(Render.Migration<IndexConceptsMigration>(Render.PostgreSql).Up[1],
            Is.EqualTo("""CREATE UNIQUE INDEX "ux_concepts_single_flag" ON "concepts" ("flag") WHERE "flag";"""));

    [Test]
    public void Partial_unique_index_is_a_generated_column_with_a_unique_index_on_mysql() =>
        Assert.That(Render.Migration<IndexConceptsMigration>(Render.MySql).Up.Take(2), Is.EqualTo(new[]
        {
            "ALTER TABLE `concepts` ADD COLUMN `flag_unique_marker` TINYINT(1) GENERATED ALWAYS AS (CASE WHEN `flag` THEN 1 END) STORED;",
            "CREATE UNIQUE INDEX `ux_concepts_single_flag` ON `concepts` (`flag_unique_marker`);",
        }));

    [Test]
    public void Dropping_the_partial_unique_index_also_drops_its_column_on_mysql() =>
        Assert.That(Render.Migration<IndexConceptsMigration>(Render.MySql).Down.Skip(1), Is.EqualTo(new[]
        {
            "DROP INDEX `ux_concepts_single_flag` ON `concepts`;",
            "ALTER TABLE `concepts` DROP COLUMN `flag_unique_marker`;",
        }));

    [TestCase("PostgreSql", """CREATE INDEX "ix_concepts_happened_at" ON "concepts" ("happened_at" DESC);""")]
    [TestCase("MySql", "CREATE INDEX `ix_concepts_happened_at` ON `concepts` (`happened_at` DESC);")]
    public void Descending_index_keeps_its_direction(string engine, string expected) =>
        Assert.That(Render.Migration<IndexConceptsMigration>(engine == "MySql" ? Render.MySql : Render.PostgreSql).Up[^1],
            Is.EqualTo(expected));
}
