using System.Text.RegularExpressions;

namespace TaskFlow.Schema.Inspection;

/// <summary>
/// A live schema compared with the expected one by meaning: tables, columns, views and the like by name; indexes,
/// keys and checks by table and definition, whatever they are called. Names, comments and collation that differ
/// are notes; a live object that means an expected one under another name is also a rename candidate.
/// </summary>
public sealed partial class SchemaComparison
{
    private SchemaComparison(IReadOnlyList<SchemaDifference> differences, IReadOnlyList<SchemaRename> renames, IReadOnlyList<SchemaObject> covered)
    {
        Differences = differences;
        Renames = renames;
        CoveredIndexes = covered;
    }

    /// <summary>Every difference, blocking ones and notes, in kind and name order.</summary>
    public IReadOnlyList<SchemaDifference> Differences { get; }

    /// <summary>The differences in meaning.</summary>
    public IReadOnlyList<SchemaDifference> Blocking => Differences.Where(d => d.Blocking).ToList();

    /// <summary>Names, comments, collation: reported, not blocking unless asked.</summary>
    public IReadOnlyList<SchemaDifference> Notes => Differences.Where(d => !d.Blocking).ToList();

    /// <summary>Live objects that mean an expected one under another name.</summary>
    public IReadOnlyList<SchemaRename> Renames { get; }

    /// <summary>
    /// Expected non-unique indexes the database lacks while another of its indexes serves every lookup they serve
    /// (a note). Left out: an index the engine made itself for a foreign key (named after the key, on its columns),
    /// which it would not have made where another index backs the key.
    /// </summary>
    public IReadOnlyList<SchemaObject> CoveredIndexes { get; }

    /// <summary>The differences that count: the blocking ones, or every one with <paramref name="strict"/>.</summary>
    public IReadOnlyList<SchemaDifference> Counted(bool strict) => strict ? Differences : Blocking;

    /// <summary>Compares <paramref name="live"/> with <paramref name="expected"/>.</summary>
    public static SchemaComparison Compare(SchemaSnapshot live, SchemaSnapshot expected)
    {
        var differences = new List<SchemaDifference>();
        var renames = new List<SchemaRename>();
        var covered = new List<SchemaObject>();
        CompareByName(live.Objects.Where(o => !o.IdentifiedByMeaning), expected.Objects.Where(o => !o.IdentifiedByMeaning), differences);
        var liveByTable = live.Objects.Where(o => o.IdentifiedByMeaning).ToLookup(o => (o.Kind, o.Table));
        var expectedByTable = expected.Objects.Where(o => o.IdentifiedByMeaning).ToLookup(o => (o.Kind, o.Table));
        foreach (var group in liveByTable.Select(g => g.Key).Union(expectedByTable.Select(g => g.Key)).Order())
            CompareByMeaning(liveByTable[group].ToList(), expectedByTable[group].ToList(), differences, renames, covered);
        var keyNames = expected.Objects.Where(o => o.Kind == "foreign key").Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaComparison(
            differences.OrderBy(d => !d.Blocking).ThenBy(d => d.Kind, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).ToList(),
            renames, covered.Where(i => !keyNames.Contains(i.Name)).ToList());
    }

    private static void CompareByName(IEnumerable<SchemaObject> live, IEnumerable<SchemaObject> expected, List<SchemaDifference> differences)
    {
        var actual = live.ToDictionary(o => o.Key);
        var wanted = expected.ToList();
        foreach (var e in wanted)
        {
            if (!actual.Remove(e.Key, out var a))
                differences.Add(Missing(e));
            else if (a.Definition != e.Definition)
                differences.Add(new(true, e.Kind, e.Table, e.Name, e.Definition, a.Definition,
                    $"{e.Kind} {e.Name} differs: expected {e.Definition}, found {a.Definition}"));
            else
                AddNoteIfDiffers(a, e, differences);
        }
        differences.AddRange(actual.Values.Select(Unexpected));
    }

    // Pairs, in this order: same name and meaning; same meaning (a name note and a rename); indexes that are redundant
    // (notes, see IndexRedundancy); same name, or else same columns, but another meaning (one "differs" line naming
    // both); what is left is missing or not expected.
    private static void CompareByMeaning(List<SchemaObject> live, List<SchemaObject> expected, List<SchemaDifference> differences,
        List<SchemaRename> renames, List<SchemaObject> covered)
    {
        live.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        expected.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        var allLive = live.ToList();
        foreach (var (a, e) in Pair(live, expected, (a, e) => a.Name == e.Name && a.Definition == e.Definition))
            AddNoteIfDiffers(a, e, differences);
        foreach (var (a, e) in Pair(live, expected, (a, e) => a.Definition == e.Definition))
        {
            differences.Add(new(false, e.Kind, e.Table, e.Name, e.OwnName, a.OwnName,
                $"{e.Kind} {e.Name} is named {a.OwnName} in the database (same definition: {e.Definition})"));
            AddNoteIfDiffers(a, e, differences);
            renames.Add(new SchemaRename(a, e));
        }
        IndexRedundancy.Settle(allLive, live, expected, differences, covered);
        foreach (var (a, e) in Pair(live, expected, (a, e) => a.Name == e.Name).Concat(Pair(live, expected, (a, e) => Subject(a) == Subject(e))))
            differences.Add(new(true, e.Kind, e.Table, e.Name, e.Definition, a.Definition,
                $"{e.Kind} {e.Name} differs: expected {e.Definition}, found {a.Definition}{(a.Name == e.Name ? "" : $" (as {a.OwnName})")}"));
        differences.AddRange(expected.Select(Missing));
        differences.AddRange(live.Select(Unexpected));
    }

    // Removes and returns the pairs that match, first come first paired.
    private static List<(SchemaObject Live, SchemaObject Expected)> Pair(List<SchemaObject> live, List<SchemaObject> expected, Func<SchemaObject, SchemaObject, bool> match)
    {
        var pairs = new List<(SchemaObject, SchemaObject)>();
        foreach (var e in expected.ToList())
        {
            var a = live.FirstOrDefault(a => match(a, e));
            if (a is null)
                continue;
            live.Remove(a);
            expected.Remove(e);
            pairs.Add((a, e));
        }
        return pairs;
    }

    private static void AddNoteIfDiffers(SchemaObject live, SchemaObject expected, List<SchemaDifference> differences)
    {
        if (live.Notes != expected.Notes)
            differences.Add(new(false, expected.Kind, expected.Table, expected.Name, expected.Notes, live.Notes,
                $"{expected.Kind} {expected.Name}: expected {Shown(expected.Notes)}, found {Shown(live.Notes)} (not compared: {NotesSubject(expected, live)})"));
    }

    private static string NotesSubject(SchemaObject expected, SchemaObject live) =>
        expected.Kind == "view" ? "column order and text" : "comment and collation";

    private static string Shown(string notes) => notes.Length == 0 ? "none" : notes;

    private static SchemaDifference Missing(SchemaObject e) =>
        new(true, e.Kind, e.Table, e.Name, e.Definition, null, $"{e.Kind} {e.Name} is missing (expected: {e.Definition})");

    private static SchemaDifference Unexpected(SchemaObject a) =>
        new(true, a.Kind, a.Table, a.Name, null, a.Definition, $"{a.Kind} {a.Name} is not expected (found: {a.Definition})");

    // What an index or key is on: its first parenthesised list (its columns).
    private static string Subject(SchemaObject o) => FirstList().Match(o.Definition).Value;

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex FirstList();
}
