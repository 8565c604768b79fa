using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tests.DataCopy;

/// <summary>The load order: parents before children, ties by name, self-references allowed, cycles refused by name.</summary>
[TestFixture]
public sealed class TablePlannerTests
{
    private static TargetColumn Column(string name, string type = "int8", bool notNull = false, bool identity = false) =>
        new(name, type, type, IsEnum: false, notNull, HasDefault: false, identity, []);

    private static ForeignKey Fk(string table, string column, string parent) =>
        new($"fk_{table}_{column}", table, [column], parent, ["id"], $"FOREIGN KEY ({column}) REFERENCES {parent}(id)");

    private static IReadOnlyList<TablePlan> Plan(IReadOnlyList<ForeignKey> keys, params string[] tables)
    {
        var columns = tables.ToDictionary(t => t, t => new List<TargetColumn> { Column("id", identity: true) }
            .Concat(keys.Where(k => k.Table == t).Select(k => Column(k.Columns[0]))).ToList());
        var catalog = new TargetCatalog(columns, keys.ToList(), tables.ToDictionary(t => t, _ => new List<string> { "id" }), []);
        var source = columns.ToDictionary(c => c.Key,
            c => (IReadOnlyDictionary<string, SourceColumn>)c.Value.ToDictionary(x => x.Name, _ => SourceColumn.Unknown));
        return TablePlanner.Plan(catalog, keys, source);
    }

    [Test]
    public void Parents_load_before_children_and_ties_go_by_name()
    {
        var plans = Plan([Fk("requests", "user_id", "users"), Fk("ai_outputs", "request_id", "requests"), Fk("jobs", "request_id", "requests"),
            Fk("requests", "workflow_id", "workflows")], "ai_outputs", "jobs", "requests", "users", "workflows");

        Assert.That(plans.Select(p => p.Name), Is.EqualTo(new[] { "users", "workflows", "requests", "ai_outputs", "jobs" }));
        Assert.That(plans.Single(p => p.Name == "requests").Parents, Is.EquivalentTo(new[] { "users", "workflows" }));
        Assert.That(plans.All(p => p.IdentityColumn == "id" && p.NumericKey));
    }

    [Test]
    public void A_table_that_references_itself_is_not_a_cycle()
    {
        var plans = Plan([Fk("blocks", "source_block_id", "blocks"), Fk("blocks", "workflow_id", "workflows")], "blocks", "workflows");

        Assert.That(plans.Select(p => p.Name), Is.EqualTo(new[] { "workflows", "blocks" }));
    }

    [Test]
    public void A_cycle_between_tables_is_refused_naming_them()
    {
        var error = Assert.Throws<SchemaException>(() =>
            Plan([Fk("a", "b_id", "b"), Fk("b", "c_id", "c"), Fk("c", "a_id", "a")], "a", "b", "c", "d"));

        Assert.That(error!.Message, Does.Contain("cycle").And.EndWith(": a, b, c"));
    }

    [Test]
    public void A_target_table_missing_from_the_source_is_named()
    {
        var columns = new Dictionary<string, List<TargetColumn>> { ["webhooks"] = [Column("id")] };
        var catalog = new TargetCatalog(columns, [], new Dictionary<string, List<string>> { ["webhooks"] = ["id"] }, []);

        var error = Assert.Throws<SchemaException>(() => TablePlanner.Plan(catalog, [], new Dictionary<string, IReadOnlyDictionary<string, SourceColumn>>()));

        Assert.That(error!.Message, Does.Contain("webhooks").And.Contain("--from-version"));
    }

    [Test]
    public void Keys_compare_as_numbers_or_as_case_insensitive_uuids()
    {
        var numeric = new TablePlan("t", [Column("id")], "id", NumericKey: true, [], null);
        var uuid = new TablePlan("t", [Column("id", "uuid")], "id", NumericKey: false, [], null);

        Assert.That(numeric.CompareKeys("9", "10"), Is.Negative);
        Assert.That(numeric.CompareKeys("-9223372036854775808", "9223372036854775807"), Is.Negative);
        Assert.That(uuid.CompareKeys("0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-469f-a165-70867728950e"), Is.Zero);
        Assert.That(uuid.CompareKeys("0f8fad5b-0000-0000-0000-000000000000", "7c9e6679-0000-0000-0000-000000000000"), Is.Negative);
    }
}
