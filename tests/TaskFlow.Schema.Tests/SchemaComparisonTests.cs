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
}
