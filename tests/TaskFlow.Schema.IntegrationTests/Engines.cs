namespace TaskFlow.Schema.IntegrationTests;

/// <summary>Test categories per engine, so a run can pick one server.</summary>
public static class Engines
{
    public const string PostgreSql = "PostgreSQL";
    public const string MySql = "MySQL";
}
