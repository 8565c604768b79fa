using FluentMigrator;

namespace TaskFlow.Schema.Migrations;

/// <summary>
/// Step 9: <c>requests.embedding_vector</c>, a pgvector vector(1536) with an ivfflat cosine index.
/// Skipped, not refused, where it cannot exist: on PostgreSQL without the pgvector extension the
/// step raises a warning and creates nothing; on MySQL it renders no statement at all. Either way
/// the step is recorded as applied and later steps run on a consistent schema.
/// </summary>
[Migration(202509110000, "Embedding vectors: requests.embedding_vector (PostgreSQL with pgvector only)")]
public sealed class M202509110000_EmbeddingVectors : TaskFlowMigration
{
    /// <inheritdoc/>
    public override void Up()
    {
        Statements(Dialect.AddVectorColumn("requests", "embedding_vector", 1536, "ix_requests_embedding_vector", 100));
    }

    /// <inheritdoc/>
    public override void Down()
    {
        Statements(Dialect.DropVectorColumn("requests", "embedding_vector", "ix_requests_embedding_vector"));
    }
}
