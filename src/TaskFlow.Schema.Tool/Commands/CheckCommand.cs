using System.CommandLine;
using DiffPlex.Renderer;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary><c>check</c>: regenerate the committed scripts and fail on drift.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo?>("--dir")
        {
            Description = "Folder holding postgresql/ and mysql/ init-complete.sql (default: migrations/sql of the enclosing repository)",
        };
        var command = new Command("check", "Regenerate init-complete.sql for each engine and compare with the committed files (exit 2 on drift)") { dir };
        command.SetAction((result, cancellationToken) => Cli.Guard(result, cancellationToken, async () =>
        {
            var root = result.GetValue(dir)?.FullName ?? FindSqlFolder();
            var drift = false;
            foreach (var (engine, folder) in SqlFiles.Engines)
            {
                var path = Path.Combine(root, folder, SqlFiles.InitComplete);
                if (!File.Exists(path))
                    throw new SchemaException($"{path} does not exist: generate it with `taskflow-schema script --engine {folder} --output {path}`.");
                var committed = (await File.ReadAllTextAsync(path, cancellationToken)).ReplaceLineEndings("\n");
                var generated = ScriptCommand.Generate(engine);
                if (committed == generated)
                {
                    Console.Error.WriteLine($"{path}: up to date");
                    continue;
                }
                drift = true;
                Console.Error.WriteLine($"{path}: differs from what the migrations generate");
                Console.Out.Write(new UnidiffRenderer(contextLines: 3).Generate(committed, generated, path, "generated", ignoreWhitespace: false));
            }
            if (drift)
                Console.Error.WriteLine("Drift: regenerate with `tools/taskflow-schema script --engine <engine> --output <file>` and commit, or fix the migrations.");
            return drift ? ExitCodes.Drift : ExitCodes.Ok;
        }));
        return command;
    }

    private static string FindSqlFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "migrations", "sql");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new SchemaException("No migrations/sql folder here or above: run inside the repository or pass --dir.");
    }
}
