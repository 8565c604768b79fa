using System.Data.Common;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Inspection;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Running;

/// <summary>
/// A temporary database on the target's server (or another server of the same engine) where migrations
/// are applied to learn what schema they produce. Dropped on dispose, whatever happened; one that a killed process
/// left behind is dropped by the next run for the same database.
/// </summary>
public sealed class ShadowDatabase : IAsyncDisposable
{
    private readonly IDatabaseDriver _driver;
    private readonly ConnectionTarget _server;
    private readonly DbConnection _connection;
    private readonly DbConnection _owner;
    private readonly IRunLog _log;

    private ShadowDatabase(IDatabaseDriver driver, ConnectionTarget server, ConnectionTarget target, DbConnection connection, DbConnection owner, IRunLog log)
    {
        _driver = driver;
        _server = server;
        Target = target;
        _connection = connection;
        _owner = owner;
        _log = log;
    }

    /// <summary>The shadow database itself.</summary>
    public ConnectionTarget Target { get; }

    /// <summary>
    /// Creates an empty shadow database named after <paramref name="target"/> with a random suffix, on
    /// <paramref name="server"/> when given (its database is only used to connect), else on the target's server.
    /// </summary>
    public static async Task<ShadowDatabase> CreateAsync(ConnectionTarget target, ConnectionTarget? server, IRunLog log, CancellationToken cancellationToken)
    {
        var host = server ?? target;
        if (host.Engine != target.Engine)
            throw new SchemaException($"The shadow connection {host.Display} is {host.Engine} but the database is {target.Engine}: use a server of the same engine.");
        var driver = DialectRegistry.Driver(target.Engine);
        var name = NameFor(target.Database);
        // The shadow's owner holds a session lock named after it until the shadow is dropped; the server releases it
        // when the process dies, so a shadow whose lock is free was left behind by a killed run.
        var owner = await driver.OpenAsync(host, null, cancellationToken);
        try
        {
            await DropStaleAsync(driver, owner, host, target.Database, log, cancellationToken);
            if (!await driver.TryLockAsync(owner, LockKey(name), cancellationToken))
                throw new SchemaException($"The shadow database name {name} is in use; run the command again.");
            await ExecuteAsync(driver, host, driver.CreateDatabase(name, await DefaultsOfAsync(driver, target, server, owner, cancellationToken)), cancellationToken);
        }
        catch (DbException e)
        {
            await owner.DisposeAsync();
            throw new SchemaException(
                $"Cannot create the temporary shadow database {name} on {host.Display}: {e.Message}. " +
                "Give the user the right to create databases, or pass --shadow-connection with a server (same engine and version) where it has it.", e);
        }
        catch
        {
            await owner.DisposeAsync();
            throw;
        }
        log.Info($"Created the shadow database {name} on {host.Display}");
        var shadow = host.WithDatabase(name);
        try
        {
            var connection = await driver.OpenAsync(shadow, null, cancellationToken);
            return new ShadowDatabase(driver, host, shadow, connection, owner, log);
        }
        catch
        {
            await ExecuteAsync(driver, host, driver.DropDatabase(name), CancellationToken.None);
            await owner.DisposeAsync();
            throw;
        }
    }

    // The shadow's tables take what the target's would (MySQL: its character set and collation), so that the schema
    // the migrations produce there is the one they produce on the target.
    private static async Task<string?> DefaultsOfAsync(IDatabaseDriver driver, ConnectionTarget target, ConnectionTarget? server, DbConnection owner, CancellationToken cancellationToken)
    {
        if (server is null)
            return await driver.DatabaseDefaultsAsync(owner, cancellationToken);
        await using var connection = await driver.OpenAsync(target, null, cancellationToken);
        return await driver.DatabaseDefaultsAsync(connection, cancellationToken);
    }

    /// <summary>The schema that <paramref name="migrations"/> produce, learned on a shadow database that is dropped again.</summary>
    public static async Task<SchemaSnapshot> ExpectedSchemaAsync(
        ConnectionTarget target, ConnectionTarget? server, IEnumerable<RenderedMigration> migrations, IRunLog log, CancellationToken cancellationToken)
    {
        await using var shadow = await CreateAsync(target, server, log, cancellationToken);
        await shadow.ApplyAsync(migrations, cancellationToken);
        return await shadow.InspectAsync(cancellationToken);
    }

    /// <summary>Applies the Up statements of <paramref name="migrations"/>, in order.</summary>
    public async Task ApplyAsync(IEnumerable<RenderedMigration> migrations, CancellationToken cancellationToken)
    {
        foreach (var migration in migrations)
            for (var i = 0; i < migration.Up.Count; i++)
                await ExecuteAsync(migration, i, cancellationToken);
    }

    /// <summary>Runs statement <paramref name="index"/> (0-based) of the Up of <paramref name="migration"/>.</summary>
    public async Task ExecuteAsync(RenderedMigration migration, int index, CancellationToken cancellationToken)
    {
        try
        {
            await SqlExecution.ExecuteAsync(_connection, null, migration.Up[index], cancellationToken);
        }
        catch (DbException e)
        {
            throw new SchemaException(
                $"Migration {migration.Version} ({migration.Description}) failed on the shadow database at statement {index + 1}: {e.Message}", e);
        }
    }

    /// <summary>Inspects the shadow database as it is now.</summary>
    public Task<SchemaSnapshot> InspectAsync(CancellationToken cancellationToken) =>
        DialectRegistry.Inspector(_driver.Engine).InspectAsync(_connection, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        try
        {
            await ExecuteAsync(_driver, _server, _driver.DropDatabase(Target.Database), CancellationToken.None);
        }
        catch (DbException e)
        {
            _log.Warn($"Could not drop the shadow database {Target.Database} on {_server.Display}: {e.Message}. Drop it by hand.");
        }
        finally
        {
            await _owner.DisposeAsync();
        }
    }

    // Shadows of this database whose owner's lock is free were left by a run that was killed: drop them.
    private static async Task DropStaleAsync(IDatabaseDriver driver, DbConnection owner, ConnectionTarget host, string database, IRunLog log,
        CancellationToken cancellationToken)
    {
        var ours = new Regex($"^{Regex.Escape(SafeName(database))}_shadow_[0-9a-f]{{8}}$");
        foreach (var row in await CatalogReader.RowsAsync(owner, driver.ListDatabases, cancellationToken))
        {
            if (row[0] is not { } name || !ours.IsMatch(name) || !await driver.TryLockAsync(owner, LockKey(name), cancellationToken))
                continue;
            try
            {
                await ExecuteAsync(driver, host, driver.DropDatabase(name), cancellationToken);
                log.Info($"Dropped the shadow database {name} that an interrupted run left on {host.Display}");
            }
            finally
            {
                await driver.UnlockAsync(owner, LockKey(name), cancellationToken);
            }
        }
    }

    internal static string LockKey(string shadow) => $"taskflow-schema-shadow:{shadow}";

    private static string SafeName(string database)
    {
        var safe = new string(database.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
        return safe.Length > 40 ? safe[..40] : safe;
    }

    // Recognisable (the target's name, "_shadow_") and unique; within the 63 characters PostgreSQL allows.
    internal static string NameFor(string database)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return $"{SafeName(database)}_shadow_{suffix}";
    }

    private static async Task ExecuteAsync(IDatabaseDriver driver, ConnectionTarget server, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await driver.OpenAsync(server, null, cancellationToken);
        await SqlExecution.ExecuteAsync(connection, null, sql, cancellationToken);
    }
}
