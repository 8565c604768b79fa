using System.Globalization;
using System.Text;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary>
/// The plain-text <c>status</c> table: one line per migration, fixed narrow columns and the description cut to what is
/// left of the width, so that it stays readable in an 80-column terminal and in CI logs (no box drawing, no colour).
/// The full descriptions, checksums and errors are in <c>status --json</c>.
/// </summary>
internal static class StatusTable
{
    /// <summary>The width used when stdout is not a terminal and COLUMNS is not set (CI logs, files, pipes).</summary>
    public const int DefaultWidth = 80;

    private static readonly string Header =
        "VERSION".PadRight(14) + "STATE".PadRight(9) + "APPLIED (UTC)".PadRight(18) + "MS".PadLeft(6) + "  " + "SUM".PadRight(6);
    private const int MinDescription = 20;

    public static string Render(string database, long latest, IReadOnlyList<MigrationState> states, int width)
    {
        var text = new StringBuilder();
        var applied = states.Where(s => s.State == Dialects.HistoryTable.Applied).ToList();
        var current = applied.Count == 0 ? "nothing applied" : "at " + Number(applied.Max(s => s.Version));
        var pending = states.Count(s => s.State == MigrationState.Pending);
        text.Append(database).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{current}, latest {Number(latest)}, {pending} pending\n");
        var descriptionWidth = Math.Max(MinDescription, width - Header.Length);
        text.Append(Header).Append("DESCRIPTION\n");
        foreach (var s in states)
        {
            text.Append(Number(s.Version).PadRight(14))
                .Append(s.State.PadRight(9))
                .Append((s.AppliedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "").PadRight(18))
                .Append((s.DurationMs is { } ms ? Number(ms) : "").PadLeft(6)).Append("  ")
                .Append((s.ChecksumMatches switch { true => "ok", false => "DIFF", null => "" }).PadRight(6))
                .Append(Cut(s.Description, descriptionWidth)).Append('\n');
            if (s.Error is { Length: > 0 } error)
                foreach (var line in Wrap("error: " + error, Math.Max(MinDescription, width - 4)))
                    text.Append("    ").Append(line).Append('\n');
        }
        // Who applied what is the same for most rows: one line per (user, tool) rather than two wide columns.
        foreach (var group in applied.GroupBy(s => (s.AppliedBy, s.ToolVersion)))
        {
            var lines = Wrap($"applied by {group.Key.AppliedBy ?? "?"} with taskflow-schema {group.Key.ToolVersion ?? "?"}: {Versions(group.ToList())}", width - 2);
            text.Append(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1))
                text.Append("  ").Append(line).Append('\n');
        }
        if (states.Any(s => s.ChecksumMatches == false))
            text.Append("SUM DIFF: the migration's code changed after it was applied (see `validate`)\n");
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd()));
    }

    /// <summary>The terminal's width when stdout is one, else $COLUMNS, else <see cref="DefaultWidth"/>.</summary>
    public static int ConsoleWidth()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
            return columns;
        if (!Console.IsOutputRedirected)
        {
            try
            {
                if (Console.WindowWidth > 0)
                    return Console.WindowWidth;
            }
            catch (IOException)
            {
                // No terminal after all.
            }
        }
        return DefaultWidth;
    }

    private static string Versions(List<MigrationState> group) => group.Count == 1
        ? Number(group[0].Version)
        : $"{Number(group.Min(s => s.Version))} to {Number(group.Max(s => s.Version))} ({group.Count})";

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 3)].TrimEnd() + "...";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Word wrap; a word longer than the width is cut rather than overflowing.</summary>
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var gap = line.Length == 0 ? 0 : 1;
                if (line.Length + gap + rest.Length <= width)
                {
                    line.Append(' ', gap).Append(rest);
                    rest = "";
                }
                else if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                else
                {
                    lines.Add(rest[..width]);
                    rest = rest[width..];
                }
            }
        }
        if (line.Length > 0 || lines.Count == 0)
            lines.Add(line.ToString());
        return lines;
    }
}
