using TaskFlow.Schema.Tests.Migrations;

namespace TaskFlow.Schema.Tests;

[TestFixture]
public sealed class UpdatedAtTests
{
    [Test]
    public void Updated_at_is_moved_by_a_trigger_on_postgresql()
    {
        var up = Render.Migration<ColumnConceptsMigration>(Render.PostgreSql).Up;

        Assert.That(up[0], Does.Contain("\"updated_at\" timestamptz NULL DEFAULT CURRENT_TIMESTAMP,"));
        Assert.That(up[1], Is.EqualTo(
            """CREATE TRIGGER "trg_concepts_updated_at" BEFORE UPDATE ON "concepts" FOR EACH ROW EXECUTE FUNCTION "set_updated_at"();"""));
    }

    [Test]
    public void Updated_at_moves_by_itself_on_mysql()
    {
        var up = Render.Migration<ColumnConceptsMigration>(Render.MySql).Up;

        Assert.That(up, Has.Count.EqualTo(1));
        Assert.That(up[0], Does.Contain("`updated_at` TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"));
    }

    [Test]
    public void The_trigger_function_is_created_once_on_postgresql_and_not_at_all_on_mysql()
    {
        Assert.That(Render.PostgreSql.CreateUpdatedAtFunction().Single(), Is.EqualTo("""
            CREATE FUNCTION "set_updated_at"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := CURRENT_TIMESTAMP;
                RETURN NEW;
            END;
            $$;
            """));
        Assert.That(Render.MySql.CreateUpdatedAtFunction(), Is.Empty);
    }
}
