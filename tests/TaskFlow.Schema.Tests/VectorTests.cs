using TaskFlow.Schema.Tests.Migrations;

namespace TaskFlow.Schema.Tests;

[TestFixture]
public sealed class VectorTests
{
    [Test]
    public void Vector_column_is_created_only_where_pgvector_is_available_on_postgresql() =>
        Assert.That(Render.Migration<VectorMigration>(Render.PostgreSql).Up, Is.EqualTo(new[]
        {
            """
            DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
                    CREATE EXTENSION IF NOT EXISTS vector;
                    ALTER TABLE "docs" ADD COLUMN "embedding" vector(3);
                    CREATE INDEX "ix_docs_embedding" ON "docs" USING ivfflat ("embedding" vector_cosine_ops) WITH (lists = 10);
                ELSE
                    RAISE WARNING 'pgvector is not available on this server: docs.embedding and its index were not created (install the extension and re-create them by hand, see README)';
                END IF;
            END
            $$;
            """,
        }));

    [Test]
    public void Vector_column_is_dropped_if_it_exists_on_postgresql() =>
        Assert.That(Render.Migration<VectorMigration>(Render.PostgreSql).Down, Is.EqualTo(new[]
        {
            """DROP INDEX IF EXISTS "ix_docs_embedding";""",
            """ALTER TABLE "docs" DROP COLUMN IF EXISTS "embedding";""",
        }));

    [Test]
    public void Vector_column_renders_nothing_on_mysql()
    {
        var rendered = Render.Migration<VectorMigration>(Render.MySql);

        Assert.That(rendered.Up, Is.Empty);
        Assert.That(rendered.Down, Is.Empty);
    }
}
