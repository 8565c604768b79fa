using System.Collections.Concurrent;
using System.Globalization;
using TaskFlow.Schema.DataCopy;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>Progress for logs and pipes: a line per table event and, every few seconds, a line per running table, on stderr.</summary>
internal sealed class PlainCopyProgress : ICopyProgress, IDisposable
{
    private readonly ConcurrentDictionary<(string, string), TableRate> _tables = new();
    private readonly Timer _timer;

    public PlainCopyProgress(TimeSpan every) => _timer = new Timer(_ => Report(), null, every, every);

    public void TableStarted(string phase, string table, long estimatedRows) =>
        _tables[(phase, table)] = new TableRate(phase, table, estimatedRows);

    public void Rows(string phase, string table, long rows)
    {
        if (_tables.TryGetValue((phase, table), out var rate))
            rate.Update(rows);
    }

    public void TableFinished(string phase, string table, long rows)
    {
        if (!_tables.TryGetValue((phase, table), out var rate))
            return;
        rate.Update(rows, finished: true);
        Write(string.Create(CultureInfo.InvariantCulture, $"{phase} {table}: done, {rows:N0} rows in {rate.Seconds:F1} s ({rate.PerSecond:N0} rows/s)"));
    }

    public void Info(string message) => Write(message);

    public void Dispose() => _timer.Dispose();

    private void Report()
    {
        foreach (var rate in _tables.Values.Where(r => !r.Finished).OrderBy(r => r.Table, StringComparer.Ordinal))
            Write(string.Create(CultureInfo.InvariantCulture,
                $"{rate.Phase} {rate.Table}: {rate.Rows:N0} of ~{rate.Estimate:N0} rows, {rate.PerSecond:N0} rows/s, ETA {(rate.Eta is { } eta ? eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?")}"));
    }

    private static void Write(string line)
    {
        lock (Console.Error)
            Console.Error.WriteLine(line);
    }
}
