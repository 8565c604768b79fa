using System.Diagnostics;
using System.Text;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>A tool process the test watches while it runs: wait for a line, kill it hard, or interrupt it like Ctrl+C.</summary>
public sealed class RunningTool : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RunningTool(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static RunningTool Start(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        new(ToolProcess.Start(environment, args));

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>The process's command line as the process list shows it to every user of the machine.</summary>
    public string CommandLine => File.ReadAllText($"/proc/{_process.Id}/cmdline").Replace('\0', ' ');

    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
                Assert.Fail($"The tool exited ({_process.ExitCode}) before printing '{text}':\n{Stderr}");
            if (clock.Elapsed > timeout)
                Assert.Fail($"The tool did not print '{text}' within {timeout.TotalSeconds} s:\n{Stderr}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no cleanup code runs, as when a pod is killed.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGINT, what Ctrl+C sends.</summary>
    public void Interrupt() => Signal("-INT");

    /// <summary>SIGTERM, what Kubernetes sends a pod it stops.</summary>
    public void Terminate() => Signal("-TERM");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<ToolProcess.Result> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // flushes the asynchronous readers
        string stdout;
        lock (_stdout) stdout = _stdout.ToString();
        return new ToolProcess.Result(_process.ExitCode, stdout, Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
