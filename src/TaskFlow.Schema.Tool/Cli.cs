using System.CommandLine;
using System.Data.Common;
using System.Runtime.InteropServices;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Running;
using TaskFlow.Schema.Tool.Commands;

namespace TaskFlow.Schema.Tool;

/// <summary>The command tree and the one place errors become messages and exit codes.</summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("TaskFlow schema as code: apply, script and verify migrations on PostgreSQL and MySQL, and move the data.")
        {
            CommonOptions.Verbose,
        };
        foreach (var command in new[]
                 {
                     UpCommand.Create(), DownCommand.Create(), StatusCommand.Create(), ValidateCommand.Create(), BaselineCommand.Create(),
                     RepairCommand.Create(), ScriptCommand.Create(), CheckCommand.Create(),
                     CopyDataCommand.Create(), VerifyDataCommand.Create(), SyncCommand.Create(), CutoverCommand.Create(),
                 })
            root.Subcommands.Add(command);
        // Ctrl+C and SIGTERM cancel the command's token and the command finishes its own cleanup (release the
        // lock, record a failure): System.CommandLine's handler would return 130 without waiting for that.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            // System.CommandLine echoes an unexpected argument as typed, which can be a URL with its password.
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine("error: " + Secrets.Redact(error.Message));
            Console.Error.WriteLine("Run `taskflow-schema --help` (or `taskflow-schema COMMAND --help`) for usage.");
            return ExitCodes.Error;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Runs a command body, turning known failures into one-line messages (stack only with --verbose).</summary>
    public static async Task<int> Guard(ParseResult result, CancellationToken cancellationToken, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // An interrupted statement surfaces as a driver error (MySQL: "Query execution was interrupted"): still a cancellation.
            Console.Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("error: " + Describe(e));
            if (result.GetValue(CommonOptions.Verbose))
                Console.Error.WriteLine(e);
            return e is LockTimeoutException ? ExitCodes.LockTimeout : ExitCodes.Error;
        }
    }

    // Engine errors are described by their driver (DialectRegistry); whatever is printed passes through Secrets.Redact.
    private static string Describe(Exception e) => Secrets.Redact(e switch
    {
        SchemaException => e.Message,
        DbException db => DialectRegistry.Describe(db) ?? $"Database error: {db.Message}",
        // The driver's words, never its type's name.
        _ => $"{e.Message.TrimEnd('.')} (run with --verbose for details).",
    });
}
