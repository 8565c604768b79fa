using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>A live progress bar per table (rows, rows/s, ETA) on a terminal.</summary>
internal sealed class LiveCopyProgress(ProgressContext context, IAnsiConsole console) : ICopyProgress
{
    private readonly ConcurrentDictionary<(string, string), (ProgressTask Task, TableRate Rate)> _tables = new();
    private readonly Lock _lock = new();

    public void TableStarted(string phase, string table, long estimatedRows)
    {
        lock (_lock)
        {
            var rate = new TableRate(phase, table, estimatedRows);
            var task = context.AddTask(Describe(rate), maxValue: rate.Estimate);
            _tables[(phase, table)] = (task, rate);
        }
    }

    public void Rows(string phase, string table, long rows) => Update(phase, table, rows, finished: false);

    public void TableFinished(string phase, string table, long rows) => Update(phase, table, rows, finished: true);

    public void Info(string message)
    {
        lock (_lock)
            console.MarkupLine(Markup.Escape(message));
    }

    private void Update(string phase, string table, long rows, bool finished)
    {
        if (!_tables.TryGetValue((phase, table), out var entry))
            return;
        lock (_lock)
        {
            entry.Rate.Update(rows, finished);
            entry.Task.MaxValue = entry.Rate.Estimate;
            entry.Task.Value = rows;
            entry.Task.Description = Describe(entry.Rate);
            if (finished)
            {
                // Full, also for an empty table (0 of 0 rows would stay at 0%).
                entry.Task.MaxValue = Math.Max(rows, 1);
                entry.Task.Value = entry.Task.MaxValue;
                entry.Task.StopTask();
            }
        }
    }

    private static string Describe(TableRate rate) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{rate.Phase} {rate.Table,-28} {rate.Rows,12:N0} rows {rate.PerSecond,10:N0}/s"));
}
