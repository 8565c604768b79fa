namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>Files of the repository the tests run from.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string InitComplete(DatabaseEngine engine) =>
        Path.Combine(Root, "migrations", "sql", engine == DatabaseEngine.PostgreSql ? "postgresql" : "mysql", "init-complete.sql");

    /// <summary>A file of the test project's Resources folder, as copied next to the tests.</summary>
    public static string TestResource(string name) => Path.Combine(AppContext.BaseDirectory, "Resources", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TaskFlow.Schema.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Tests must run inside the repository.");
    }
}
