using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Tests.Sync;

/// <summary>
/// Which foreign keys the cut-over follows from a changed row to rows MySQL changes without a trigger: those with an action
/// (CASCADE, SET NULL, SET DEFAULT, on delete or on update) on either side, followed by key when they are one column to the
/// parent's key, marked for a full count otherwise.
/// </summary>
[TestFixture]
public sealed class CutoverReachTests
{
    private static TargetColumn Column(string name) => new(name, "int8", "bigint", IsEnum: false, false, HasDefault: false, false, []);

    private static SyncTable Table(string name, params ForeignKey[] keys) =>
        new(new TablePlan(name, [Column("id"), .. keys.SelectMany(k => k.Columns).Select(Column)], "id", NumericKey: true, keys, null), "bigint", [], false);

    private static ForeignKey Fk(string table, string[] columns, string parent, string[] parentColumns, string action) =>
        new($"fk_{table}_{columns[0]}", table, columns, parent, parentColumns,
            $"FOREIGN KEY ({string.Join(", ", columns)}) REFERENCES {parent}({string.Join(", ", parentColumns)}){action}");

    [Test]
    public void Only_keys_with_an_action_are_followed_and_only_single_columns_to_the_parent_key_by_key()
    {
        var tables = new[]
        {
            Table("workflows"),
            Table("blocks", Fk("blocks", ["workflow_id"], "workflows", ["id"], " ON DELETE CASCADE")),
            Table("requests", Fk("requests", ["workflow_id"], "workflows", ["id"], " ON DELETE SET NULL"),
                Fk("requests", ["analyst_id"], "workflows", ["id"], "")),
            Table("moves", Fk("moves", ["workflow_id"], "workflows", ["id"], " ON UPDATE cascade")),
            Table("pairs", Fk("pairs", ["a", "b"], "workflows", ["id", "other"], " ON DELETE CASCADE")),
        };

        var reaches = CutoverBaseline.Reaches(tables, []);

        Assert.That(reaches, Is.EquivalentTo(new[]
        {
            new CutoverBaseline.Reach("blocks", "workflows", "workflow_id"),
            new CutoverBaseline.Reach("requests", "workflows", "workflow_id"),
            new CutoverBaseline.Reach("moves", "workflows", "workflow_id"),
            new CutoverBaseline.Reach("pairs", "workflows", null),
        }), "a foreign key without an action (requests.analyst_id) changes no child row");
    }

    [Test]
    public void The_sources_own_foreign_keys_count_too_and_tables_outside_the_sync_are_left_out()
    {
        var tables = new[] { Table("workflows"), Table("blocks") };

        var reaches = CutoverBaseline.Reaches(tables,
        [
            ("blocks", "workflows", ["workflow_id"], ["id"]),
            ("blocks", "workflows", ["workflow_id"], ["id"]),
            ("blocks", "workflows", ["name"], ["title"]),
            ("audit", "workflows", ["workflow_id"], ["id"]),
        ]);

        Assert.That(reaches, Is.EquivalentTo(new[]
        {
            new CutoverBaseline.Reach("blocks", "workflows", "workflow_id"),
            new CutoverBaseline.Reach("blocks", "workflows", null),
        }), "the target lacks the key, MySQL still cascades through it; once per child, parent and column");
    }
}
