using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>status</c>: applied and pending migrations.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (shape documented in the README)" };
        var command = new Command("status", "Show applied and pending migrations") { CommonOptions.Connection, CommonOptions.Engine, json };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var target = CommonOptions.Target(result);
            var migrator = new SchemaMigrator(target, TaskFlowSchema.Migrations, new ConsoleLog());
            var states = await migrator.StatusAsync(cancellationToken);
            if (result.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(StatusReport.From(target, migrator.Renderer.LatestVersion, states), StatusReport.JsonOptions));
            else
                Render(target.Display, states);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Render(string database, IReadOnlyList<MigrationState> states)
    {
        var table = new Table().Title(Markup.Escape(database))
            .AddColumns("Version", "Description", "State", "Applied at (UTC)", "ms", "Applied by", "Tool", "Checksum");
        foreach (var s in states)
        {
            table.AddRow(
                s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(s.Description),
                s.State switch
                {
                    Dialects.HistoryTable.Applied => "[green]applied[/]",
                    MigrationState.Pending => "[yellow]pending[/]",
                    _ => $"[red]{Markup.Escape(s.State)}[/]",
                },
                s.AppliedAt?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                s.DurationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(s.AppliedBy ?? ""),
                Markup.Escape(s.ToolVersion ?? ""),
                (s.Checksum is { Length: >= 12 } c ? c[..12] + " " : "") + s.ChecksumMatches switch { true => "ok", false => "[red]changed[/]", null => "" });
        }
        AnsiConsole.Write(table);
    }
}
