using System.Reflection;

namespace TaskFlow.Schema;

/// <summary>The version of this library, as recorded in the migration history.</summary>
public static class ToolInfo
{
    /// <summary>The informational version, without build metadata.</summary>
    public static string Version { get; } =
        (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
