namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Files of the repository the tests run from.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string InitComplete(DatabaseEngine engine) =>
        Path.Combine(Root, "migrations", "sql", engine == DatabaseEngine.PostgreSql ? "postgresql" : "mysql", "init-complete.sql");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TaskFlow.Schema.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Tests must run inside the repository.");
    }
}
