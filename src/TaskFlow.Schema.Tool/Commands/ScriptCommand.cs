using System.CommandLine;
using System.Text;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Rendering;
using TaskFlow.Schema.Scripting;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>script</c>: the full DDL for one engine, without a database.</summary>
internal static class ScriptCommand
{
    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static Command Create()
    {
        var engine = new Option<string>("--engine", "-e") { Description = "postgres or mysql", Required = true };
        var to = CommonOptions.VersionOption("--to", "Last migration version to include (default: all)");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout" };
        var command = new Command("script", "Write the complete DDL for an engine, including the history table, without a database")
        {
            engine, to, output,
        };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var text = Generate(ConnectionParser.ParseEngine(result.GetValue(engine)!), result.GetValue(to));
            if (result.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllTextAsync(file.FullName, text, Utf8NoBom, cancellationToken);
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(Utf8NoBom.GetBytes(text), cancellationToken);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static string Generate(DatabaseEngine engine, long? toVersion = null) =>
        ScriptWriter.Write(new MigrationRenderer(DialectRegistry.Dialect(engine), TaskFlowSchema.Migrations), toVersion);
}
