using Spectre.Console;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>Runs a copy or verification with live bars on a terminal and plain periodic lines otherwise, all on stderr.</summary>
internal static class CopyProgressDisplay
{
    public static IAnsiConsole Console { get; } = Create();

    private static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        // Logs are wider than the 80 columns Spectre assumes without a terminal; keep summary rows on one line.
        if (System.Console.IsErrorRedirected)
            console.Profile.Width = 160;
        return console;
    }

    public static async Task<T> RunAsync<T>(Func<ICopyProgress, Task<T>> body)
    {
        if (!System.Console.IsErrorRedirected && Console.Profile.Capabilities.Interactive)
        {
            return await Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(context => body(new LiveCopyProgress(context, Console)));
        }
        using var plain = new PlainCopyProgress(TimeSpan.FromSeconds(5));
        return await body(plain);
    }
}
