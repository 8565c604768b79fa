using System.Diagnostics;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Runs the built taskflow-schema tool as a separate process, the way users and pipelines do.</summary>
public static class ToolProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "taskflow-schema.dll");

    public static Process Start(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        // The cut-over names every other session of an account that read_only does not stop: this process's idle pooled
        // connections, made with the servers' admin account, are not part of what a test sets up.
        if (args.FirstOrDefault() == "cutover")
            MySqlConnector.MySqlConnection.ClearAllPools();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment.Remove("DATABASE_URL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[key] = value;
        return Process.Start(info)!;
    }

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(null, args);
}
