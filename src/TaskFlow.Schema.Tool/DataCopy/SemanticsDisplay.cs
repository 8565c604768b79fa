using System.Text.Json;
using TaskFlow.Schema.DataCopy;
using TaskFlow.Schema.Tool.Commands;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>
/// <c>copy-data --dry-run</c>: one line per finding on stdout (<c>text:</c>, <c>way back:</c>, <c>collision:</c>), or one
/// JSON document with <c>--json</c>; a summary on stderr; exit 2 when source rows would collide on the target.
/// </summary>
internal static class SemanticsDisplay
{
    public static int Report(SemanticsReport report, bool json)
    {
        if (json)
            DifferenceReport.WriteJson(new
            {
                source = report.Source,
                target = report.Target,
                step = report.Step,
                changed = false,
                text = report.Text.Select(t => new
                {
                    table = t.Table,
                    column = t.Column,
                    differs = t.Differs,
                    mysql = Side(t.MySql),
                    postgresql = Side(t.PostgreSql),
                    effect = t.Effect,
                }),
                way_back = report.WayBack.Select(w => new { table = w.Table, column = w.Column, mysql_type = w.MySqlType, limit = w.Limit }),
                collisions = report.Collisions,
            });
        else
        {
            foreach (var line in report.Text)
                Console.Out.WriteLine("text: " + line);
            foreach (var line in report.WayBack)
                Console.Out.WriteLine("way back: " + line);
            foreach (var line in report.Collisions)
                Console.Out.WriteLine("collision: " + line);
        }
        Console.Error.WriteLine($"Dry run: {report.Text.Count} text column(s) compare otherwise on {report.Target}, {report.WayBack.Count} column limit(s) " +
                                $"on the way back, {report.Collisions.Count} group(s) of colliding rows; nothing was copied.");
        return report.Collisions.Count > 0 ? ExitCodes.VerificationFailed : ExitCodes.Ok;
    }

    private static object Side(Inspection.TextComparison c) => new
    {
        collation = c.Collation,
        ignores_case = c.IgnoresCase,
        ignores_accents = c.IgnoresAccents,
        ignores_trailing_spaces = c.IgnoresTrailingSpaces,
    };
}
