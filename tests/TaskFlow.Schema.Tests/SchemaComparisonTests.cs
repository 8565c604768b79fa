using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.Tests;

/// <summary>Comparison by meaning, without a server: what pairs, what blocks, what is only a note.</summary>
public sealed class SchemaComparisonTests
{
    private static SchemaObject Index(string table, string name, string definition) =>
        new("index", $"{table}.{name}", definition) { Table = table, IdentifiedByMeaning = true };

    private static SchemaObject Key(string table, string name, string definition) =>
        new("foreign key", $"{table}.{name}", definition) { Table = table, IdentifiedByMeaning = true };

    private static SchemaObject Column(string table, string name, string definition, string notes = "") =>
        new("column", $"{table}.{name}", definition) { Table = table, Notes = notes };

    private static SchemaComparison Compare(IEnumerable<SchemaObject> live, IEnumerable<SchemaObject> expected) =>
        new SchemaSnapshot(live).CompareWith(new SchemaSnapshot(expected));

    [Test]
    public void Indexes_and_keys_pair_by_definition_whatever_their_names_and_each_other_name_is_a_note_and_a_rename()
    {
        var comparison = Compare(
            [Index("t", "status", "(status A, updated_at A) using BTREE"), Index("t", "status_2", "(status A) using BTREE"), Key("t", "t_ibfk_1", "(a) references u (id)")],
            [Index("t", "ix_t_status", "(status A) using BTREE"), Index("t", "ix_t_status_updated_at", "(status A, updated_at A) using BTREE"), Key("t", "fk_t_a", "(a) references u (id)")]);

        Assert.That(comparison.Blocking, Is.Empty);
        Assert.That(comparison.Notes.Select(n => n.Text), Is.EquivalentTo(new[]
        {
            "index t.ix_t_status is named status_2 in the database (same definition: (status A) using BTREE)",
            "index t.ix_t_status_updated_at is named status in the database (same definition: (status A, updated_at A) using BTREE)",
            "foreign key t.fk_t_a is named t_ibfk_1 in the database (same definition: (a) references u (id))",
        }));
        Assert.That(comparison.Renames.Select(r => (r.Found.OwnName, r.Expected.OwnName)),
            Is.EquivalentTo(new[] { ("status_2", "ix_t_status"), ("status", "ix_t_status_updated_at"), ("t_ibfk_1", "fk_t_a") }));
        Assert.That(comparison.Counted(strict: true), Has.Count.EqualTo(3), "--strict-names counts them");
    }

    [Test]
    public void The_same_name_is_kept_when_two_indexes_mean_the_same()
    {
        var comparison = Compare([Index("t", "b", "(x A) using BTREE"), Index("t", "a", "(x A) using BTREE")],
                                 [Index("t", "a", "(x A) using BTREE"), Index("t", "b", "(x A) using BTREE")]);
        Assert.That(comparison.Differences, Is.Empty);
    }

    [Test]
    public void A_key_on_the_same_columns_with_another_rule_is_one_line_naming_both()
    {
        var comparison = Compare([Key("t", "t_ibfk_2", "(w) references w (id) on delete CASCADE")], [Key("t", "fk_t_w", "(w) references w (id) on delete SET NULL")]);

        Assert.That(comparison.Differences.Select(d => d.Text), Is.EqualTo(new[]
        {
            "foreign key t.fk_t_w differs: expected (w) references w (id) on delete SET NULL, found (w) references w (id) on delete CASCADE (as t_ibfk_2)",
        }));
        Assert.That(comparison.Blocking.Single().Blocking, Is.True);
    }

    [Test]
    public void Missing_and_unexpected_objects_block_and_name_table_and_object()
    {
        var comparison = Compare([Column("t", "extra", "int null")], [Index("t", "ix_t_d", "(d A) using BTREE")]);

        Assert.That(comparison.Blocking.Select(d => (d.Kind, d.Table, d.Name, d.Expected, d.Found)), Is.EquivalentTo(new[]
        {
            ("index", "t", "t.ix_t_d", (string?)"(d A) using BTREE", (string?)null),
            ("column", "t", "t.extra", null, "int null"),
        }));
    }

    [Test]
    public void Comments_and_collation_are_notes_and_the_definition_still_blocks()
    {
        var comparison = Compare(
            [Column("t", "a", "varchar(10) null", "collate utf8mb4_general_ci comment 'x'"), Column("t", "b", "varchar(20) null")],
            [Column("t", "a", "varchar(10) null", "collate utf8mb4_unicode_ci"), Column("t", "b", "varchar(10) null")]);

        Assert.That(comparison.Blocking.Select(d => d.Text), Is.EqualTo(new[] { "column t.b differs: expected varchar(10) null, found varchar(20) null" }));
        Assert.That(comparison.Notes.Select(d => d.Text), Is.EqualTo(new[]
        {
            "column t.a: expected collate utf8mb4_unicode_ci, found collate utf8mb4_general_ci comment 'x' (not compared: comment and collation)",
        }));
    }

    [TestCase("taskflow_schema_history")]
    [TestCase("taskflow_copy_state")]
    [TestCase("taskflow_sync_position")]
    public void The_tools_own_tables_are_not_part_of_a_snapshot(string table)
    {
        var snapshot = new SchemaSnapshot([new SchemaObject("table", table, "table") { Table = table }, Column(table, "id", "int"), Index(table, "PRIMARY", "(id A)")]);
        Assert.That(snapshot.Objects, Is.Empty);
    }

    // An index with its shape, spelled "u:a,b(10),c-" (u unique, p primary; (n) a prefix length, - descending).
    private static SchemaObject Shaped(string table, string name, string spec)
    {
        var kind = spec.Split(':') is [var k, _] ? k : "";
        var parts = spec.Split(':')[^1].Split(',').Select(p =>
        {
            var descending = p.EndsWith('-');
            var column = p.TrimEnd('-');
            var open = column.IndexOf('(');
            return open < 0 ? new IndexPart(column, null, descending) : new IndexPart(column[..open], int.Parse(column[(open + 1)..^1]), descending);
        }).ToList();
        return Index(table, name, spec) with { Shape = new IndexShape(kind == "p", kind is "u" or "p", "BTREE", parts) };
    }

    private static IEnumerable<string> Outcome(SchemaComparison comparison) =>
        comparison.Differences.Select(d => $"{(d.Blocking ? "blocks" : "note")} {d.Name}");

    [Test]
    public void A_missing_non_unique_index_that_a_live_index_covers_by_leftmost_prefix_is_a_note_and_one_to_create()
    {
        var comparison = Compare([Shaped("t", "live_ab", "a,b"), Shaped("t", "live_u", "u:c,d")],
                                 [Shaped("t", "ix_ab", "a,b"), Shaped("t", "ix_a", "a"), Shaped("t", "ux_cd", "u:c,d"), Shaped("t", "ix_c", "c")]);

        Assert.That(comparison.Blocking, Is.Empty);
        Assert.That(comparison.CoveredIndexes.Select(i => i.Name), Is.EquivalentTo(new[] { "t.ix_a", "t.ix_c" }));
    }

    [TestCase("b", "a,b", "blocks t.ix_b")] // not leftmost
    [TestCase("a-", "a,b", "blocks t.ix_b")] // another direction
    [TestCase("a(20)", "a(10),b", "blocks t.ix_b")] // a longer prefix than the live one
    [TestCase("a(10)", "a(20),b", "note t.ix_b")]
    [TestCase("a(10)", "a,b", "note t.ix_b")]
    public void Coverage_needs_the_same_leading_columns_direction_and_no_longer_prefix(string expected, string live, string outcome)
    {
        var comparison = Compare([Shaped("t", "live", live)], [Shaped("t", "ix_b", expected), Shaped("t", "whole", live)]);
        Assert.That(Outcome(comparison).Where(o => o.EndsWith("t.ix_b", StringComparison.Ordinal)), Is.EqualTo(new[] { outcome }));
    }

    [Test]
    public void An_index_the_engine_made_for_a_foreign_key_is_covered_but_never_one_to_create()
    {
        var comparison = Compare([Shaped("t", "ix_w_x", "w,x")],
                                 [Shaped("t", "ix_w_x", "w,x"), Shaped("t", "fk_t_w", "w"), Key("t", "fk_t_w", "(w) references w (id)")]);

        Assert.That(Outcome(comparison), Does.Contain("note t.fk_t_w"));
        Assert.That(comparison.CoveredIndexes, Is.Empty);
    }

    [Test]
    public void Of_two_extra_duplicates_one_still_blocks_and_a_prefix_of_an_expected_index_is_a_note()
    {
        var comparison = Compare([Shaped("t", "ab", "a,b"), Shaped("t", "dup1", "c"), Shaped("t", "dup2", "c"), Shaped("t", "a_only", "a")],
                                 [Shaped("t", "ix_ab", "a,b")]);

        Assert.That(Outcome(comparison), Is.EquivalentTo(new[] { "blocks t.dup1", "note t.dup2", "note t.a_only", "note t.ix_ab" }));
    }

    [Test]
    public void A_unique_index_is_redundant_only_to_the_primary_key_or_a_unique_index_on_the_same_columns()
    {
        var comparison = Compare(
            [Shaped("t", "PRIMARY", "p:id"), Shaped("t", "u_id", "u:id"), Shaped("t", "u_ab", "u:a,b"), Shaped("t", "u_ab2", "u:a,b"), Shaped("t", "u_a", "u:a"), Shaped("t", "c", "c")],
            [Shaped("t", "PRIMARY", "p:id"), Shaped("t", "ux_ab", "u:a,b"), Shaped("t", "ux_c", "u:c")]);

        Assert.That(Outcome(comparison), Is.EquivalentTo(new[]
        {
            "note t.u_id", "note t.u_ab2", "note t.ux_ab", // u_ab pairs with ux_ab under another name
            "blocks t.u_a", // unique on other columns: it constrains rows
            "blocks t.ux_c", // a missing unique index is never covered, even by a non-unique one on the same column
        }));
    }
}
