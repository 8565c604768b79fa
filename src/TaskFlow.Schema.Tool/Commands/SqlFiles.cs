using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Tool.Commands;

/// <summary>Where the committed scripts live: one folder per engine, named by its driver.</summary>
internal static class SqlFiles
{
    public const string InitComplete = "init-complete.sql";

    public static IEnumerable<(DatabaseEngine Engine, string Folder)> Engines => DialectRegistry.Drivers.Select(d => (d.Engine, d.Name));
}
