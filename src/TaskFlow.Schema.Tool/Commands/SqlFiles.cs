namespace TaskFlow.Schema.Tool.Commands;

/// <summary>Where the committed scripts live, per engine.</summary>
internal static class SqlFiles
{
    public const string InitComplete = "init-complete.sql";

    public static readonly (DatabaseEngine Engine, string Folder)[] Engines =
    [
        (DatabaseEngine.PostgreSql, "postgresql"),
        (DatabaseEngine.MySql, "mysql"),
    ];
}
