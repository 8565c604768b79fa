using Dapper;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Running;

/// <summary>Creates the target database when it does not exist yet (<c>up --create-database</c>).</summary>
public static class DatabaseCreator
{
    /// <summary>Creates <paramref name="target"/>'s database unless it exists; returns whether it did.</summary>
    public static async Task<bool> EnsureExistsAsync(ConnectionTarget target, IRunLog log, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(target.Database))
            throw new SchemaException("The connection names no database to create.");
        if (target.Database.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            throw new SchemaException($"Refusing to create database '{target.Database}': use letters, digits, '_' and '-' only.");
        var driver = DialectRegistry.Driver(target.Engine);
        await using var connection = await driver.OpenAsync(target.WithDatabase(driver.MaintenanceDatabase), null, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            driver.DatabaseExists, new { name = target.Database }, cancellationToken: cancellationToken)) > 0;
        if (exists)
            return false;
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(driver.CreateDatabase(target.Database), cancellationToken: cancellationToken));
        }
        catch (System.Data.Common.DbException e) when (driver.IsDuplicateDatabase(e))
        {
            // Several pods ran `up --create-database` at once and another one created it between our check and now.
            return false;
        }
        log.Info($"Created database {target.Display}.");
        return true;
    }
}
