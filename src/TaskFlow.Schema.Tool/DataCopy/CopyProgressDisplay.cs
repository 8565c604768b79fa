using Spectre.Console;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>Runs a copy or verification with live bars on a terminal and plain periodic lines otherwise, all on stderr.</summary>
internal static class CopyProgressDisplay
{
    public static IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });

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
