using FluentMigrator;
using TaskFlow.Schema.Migrations;

namespace TaskFlow.Schema.Tests.Migrations;

/// <summary>An embedding vector column, where pgvector is available.</summary>
[Migration(6)]
internal sealed class VectorMigration : TaskFlowMigration
{
    public override void Up() => Statements(Dialect.AddVectorColumn("docs", "embedding", 3, "ix_docs_embedding", 10));

    public override void Down() => Statements(Dialect.DropVectorColumn("docs", "embedding", "ix_docs_embedding"));
}
