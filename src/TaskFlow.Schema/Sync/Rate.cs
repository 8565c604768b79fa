using System.Diagnostics;

namespace TaskFlow.Schema.Sync;

/// <summary>Changes per second over the last ten seconds.</summary>
internal sealed class Rate
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private readonly Queue<(TimeSpan At, long Total)> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public double Add(long total)
    {
        var now = _clock.Elapsed;
        _samples.Enqueue((now, total));
        while (_samples.Count > 1 && now - _samples.Peek().At > Window)
            _samples.Dequeue();
        var (at, first) = _samples.Peek();
        var seconds = (now - at).TotalSeconds;
        return seconds <= 0 ? 0 : (total - first) / seconds;
    }
}
