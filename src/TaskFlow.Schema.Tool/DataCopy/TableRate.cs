using System.Diagnostics;

namespace TaskFlow.Schema.Tool.DataCopy;

/// <summary>Rows, rate and ETA of one table in one phase.</summary>
internal sealed class TableRate(string phase, string table, long estimate)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Phase { get; } = phase;
    public string Table { get; } = table;
    public long Estimate { get; private set; } = Math.Max(estimate, 1);
    public long Rows { get; private set; }
    public bool Finished { get; private set; }

    public double PerSecond => Rows / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

    public double Seconds => _clock.Elapsed.TotalSeconds;

    public TimeSpan? Eta => Rows == 0 || Finished ? null : TimeSpan.FromSeconds(Math.Max(0, Estimate - Rows) / PerSecond);

    public void Update(long rows, bool finished = false)
    {
        Rows = rows;
        Finished |= finished;
        if (rows > Estimate || finished)
            Estimate = Math.Max(rows, 1);
    }
}
