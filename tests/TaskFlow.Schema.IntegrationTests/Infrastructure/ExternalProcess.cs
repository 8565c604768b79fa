using System.Diagnostics;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Runs another program (dotnet, bash) in a given folder, as a developer or CI would type it.</summary>
public static class ExternalProcess
{
    public static async Task<ToolProcess.Result> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment.Remove("DATABASE_URL");
        // The test host's own MSBuild settings must not leak into a nested build.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH" })
            info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolProcess.Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The build configuration the tests were built in (the folder name above the target framework).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}
