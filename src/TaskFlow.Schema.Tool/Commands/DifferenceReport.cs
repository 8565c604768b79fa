using System.Text.Json;
using TaskFlow.Schema.Inspection;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary>
/// How <c>validate</c> and <c>baseline</c> print schema differences: one line each on stdout (notes prefixed
/// <c>note:</c>, name reconciliations <c>rename:</c>, indexes baseline creates <c>create:</c>, the database default it sets <c>default:</c>), or one JSON document
/// with <c>--json</c>.
/// </summary>
internal static class DifferenceReport
{
    public static readonly System.CommandLine.Option<bool> StrictNames = new("--strict-names")
    {
        Description = "Count names, comments and collation that differ as differences (by default they are printed as notes)",
    };

    public static readonly System.CommandLine.Option<bool> Json = new("--json") { Description = "Print the result as one JSON document on stdout" };

    public static void WriteLines(IEnumerable<string> problems, IEnumerable<SchemaDifference> notes, IEnumerable<string> renames, IEnumerable<string> creates, IEnumerable<string> defaults)
    {
        foreach (var problem in problems)
            Console.Out.WriteLine(problem);
        foreach (var note in notes)
            Console.Out.WriteLine("note: " + note.Text);
        foreach (var rename in renames)
            Console.Out.WriteLine("rename: " + rename);
        foreach (var create in creates)
            Console.Out.WriteLine("create: " + create);
        foreach (var statement in defaults)
            Console.Out.WriteLine("default: " + statement);
    }

    /// <summary>One difference as the JSON shape documented in docs/runner.md.</summary>
    public static object Item(SchemaDifference d) => new
    {
        blocking = d.Blocking,
        kind = d.Kind,
        table = d.Table,
        name = d.Name,
        expected = d.Expected,
        found = d.Found,
        message = d.Text,
    };

    public static void WriteJson(object document) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(document, StatusReport.JsonOptions));
}
