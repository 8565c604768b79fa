using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tool;

/// <summary>Progress and diagnostics to stderr, so stdout carries only data (SQL, JSON).</summary>
internal sealed class ConsoleLog(bool quiet = false) : IRunLog
{
    public void Info(string message)
    {
        if (!quiet)
            Console.Error.WriteLine(message);
    }

    public void Warn(string message) => Console.Error.WriteLine("warning: " + message);
}
