using FluentMigrator;

namespace TaskFlow.Schema.IntegrationTests.NonUniqueParentMigrations;

/// <summary>Test-only: a foreign key to a parent column with a non-unique index, which MySQL refuses from 8.4 on.</summary>
[Migration(1, "A key to a non-unique parent column")]
public sealed class M0001_ChildOfNonUniqueKey : Migration
{
    public const string Namespace = "TaskFlow.Schema.IntegrationTests.NonUniqueParentMigrations";

    public override void Up()
    {
        Execute.Sql("CREATE TABLE parents (id BIGINT PRIMARY KEY, code VARCHAR(16) NOT NULL, KEY ix_parents_code (code)) ENGINE = InnoDB");
        Execute.Sql("CREATE TABLE children (id BIGINT PRIMARY KEY, parent_code VARCHAR(16) NOT NULL, " +
                    "CONSTRAINT fk_children_parent_code FOREIGN KEY (parent_code) REFERENCES parents (code)) ENGINE = InnoDB");
    }

    public override void Down()
    {
        Execute.Sql("DROP TABLE children");
        Execute.Sql("DROP TABLE parents");
    }
}
