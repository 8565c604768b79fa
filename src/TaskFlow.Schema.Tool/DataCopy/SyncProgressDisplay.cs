using System.Diagnostics;
using System.Globalization;
using TaskFlow.Schema.Sync;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>The apply loop's figures on stderr: one line rewritten in place on a terminal, a plain line every few seconds otherwise.</summary>
internal sealed class SyncProgressDisplay(TimeSpan every) : ISyncProgress
{
    private readonly bool _live = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private bool _first = true;
    private int _width;

    public void Report(long applied, double perSecond, long pending, double oldestPendingSeconds)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"sync: {applied:N0} changes applied, {perSecond:N0}/s, {pending:N0} pending, oldest {oldestPendingSeconds:F1} s");
        lock (Console.Error)
        {
            if (_live)
            {
                Console.Error.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else if (_first || _sinceLine.Elapsed >= every)
            {
                Console.Error.WriteLine(line);
                _sinceLine.Restart();
                _first = false;
            }
        }
    }

    public void Info(string message)
    {
        lock (Console.Error)
        {
            if (_live && _width > 0)
            {
                Console.Error.WriteLine();
                _width = 0;
            }
            Console.Error.WriteLine(message);
        }
    }

    /// <summary>Ends the live line.</summary>
    public void Finish()
    {
        if (_live && _width > 0)
            lock (Console.Error)
                Console.Error.WriteLine();
    }
}
