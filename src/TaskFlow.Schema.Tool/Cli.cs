using System.CommandLine;
using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.InteropServices;
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
                     ScriptCommand.Create(), CheckCommand.Create(), UpCommand.Create(), DownCommand.Create(), StatusCommand.Create(),
                     CopyDataCommand.Create(), VerifyDataCommand.Create(), SyncCommand.Create(), CutoverCommand.Create(),
                     ValidateCommand.Create(), BaselineCommand.Create(), RepairCommand.Create(),
                 })
            root.Subcommands.Add(command);
        // Ctrl+C and SIGTERM cancel the command's token and the command finishes its own cleanup (release the
        // lock, record a failure): System.CommandLine's handler would return 130 without waiting for that.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancel.Token);
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

    private static string Describe(Exception e) => e switch
    {
        SchemaException => e.Message,
        Npgsql.PostgresException pg when pg.SqlState == "28P01" => $"PostgreSQL rejected the user name or password ({pg.MessageText}). Check the credentials in the connection URL.",
        Npgsql.PostgresException pg when pg.SqlState == "3D000" => $"{Sentence(pg.MessageText)} Create the database first, or fix its name in the URL.",
        MySqlConnector.MySqlException my when my.ErrorCode == MySqlConnector.MySqlErrorCode.AccessDenied =>
            $"MySQL rejected the login: {Sentence(my.Message)} Check the user name and password in the connection URL.",
        MySqlConnector.MySqlException my when my.ErrorCode == MySqlConnector.MySqlErrorCode.UnknownDatabase =>
            $"{Sentence(my.Message)} Create the database first, or fix its name in the URL.",
        MySqlConnector.MySqlException my when my.ErrorCode == MySqlConnector.MySqlErrorCode.UnableToConnectToHost =>
            $"Cannot reach the MySQL server: {Sentence(my.Message)} Check host and port, and that the server is running.",
        Npgsql.NpgsqlException { InnerException: SocketException or TimeoutException } pg =>
            $"Cannot reach the PostgreSQL server: {Sentence(pg.InnerException!.Message)} Check host and port, and that the server is running.",
        DbException db => $"Database error: {db.Message}",
        _ => $"{e.GetType().Name}: {e.Message} (run with --verbose for details)",
    };

    // A driver's message as a sentence: one full stop at the end, whether or not the driver wrote one.
    private static string Sentence(string message) => message.TrimEnd().TrimEnd('.') + ".";
}
