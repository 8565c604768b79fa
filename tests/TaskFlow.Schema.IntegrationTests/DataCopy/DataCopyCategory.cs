namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>The category of the MariaDB to PostgreSQL data copy tests (both servers needed).</summary>
public static class DataCopyCategory
{
    public const string Name = "DataCopy";
}
