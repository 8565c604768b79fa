namespace TaskFlow.Schema;

/// <summary>The database engines the schema is rendered for.</summary>
public enum DatabaseEngine
{
    /// <summary>PostgreSQL 15 or later.</summary>
    PostgreSql,

    /// <summary>MySQL 8.0, and MariaDB 10.11 which speaks the same dialect for this schema.</summary>
    MySql,
}
