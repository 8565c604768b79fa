using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.IntegrationTests.NonUniqueParentMigrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>A foreign key to a parent column that is not unique: accepted by MariaDB and MySQL 8.0, refused from MySQL 8.4 on.</summary>
[Category(Engines.MySql)]
public sealed class NonUniqueParentKeyTests
{
    [Test]
    public async Task A_foreign_key_to_a_non_unique_parent_key_is_taken_by_MariaDB_and_refused_by_Oracle_MySQL_with_a_message_naming_key_parent_and_remedy()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "fkparent");
        var migrator = new SchemaMigrator(db.Target, typeof(M0001_ChildOfNonUniqueKey).Assembly, new RecordingLog(), M0001_ChildOfNonUniqueKey.Namespace);

        if (TestServers.MySqlIsMariaDb)
        {
            await migrator.UpAsync(null, CancellationToken.None);
            Assert.That(await db.QueryAsync("SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"),
                Is.EqualTo(new[] { new[] { "1" } }));
            return;
        }
        var refused = Assert.ThrowsAsync<MigrationFailedException>(() => migrator.UpAsync(null, CancellationToken.None));
        Assert.That(refused!.Message, Does.Contain("MySQL refuses the foreign key:")
            .And.Contain("fk_children_parent_code").And.Contain("parents")
            .And.Contain("must reference the primary key or a unique index of its parent: add a unique index on the referenced columns"));
        Assert.That(refused.Message.Split('\n'), Has.Length.EqualTo(2), "the error and the statement");
    }
}
