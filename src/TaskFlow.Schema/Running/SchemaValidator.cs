using System.Reflection;
using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Rendering;

namespace TaskFlow.Schema.Running;

/// <summary>
/// Checks a live database against the code: checksums of applied migrations, versions the code does not
/// know, unfinished migrations, and the live schema against what the applied migrations produce on a
/// shadow database.
/// </summary>
public sealed class SchemaValidator
{
    private readonly ConnectionTarget _target;
    private readonly IDatabaseDriver _driver;
    private readonly MigrationRenderer _renderer;
    private readonly IRunLog _log;

    /// <summary>Creates a validator of <paramref name="target"/> against the migrations of <paramref name="migrations"/>.</summary>
    public SchemaValidator(ConnectionTarget target, Assembly migrations, IRunLog log, string? inNamespace = null)
    {
        _target = target;
        _driver = DialectRegistry.Driver(target.Engine);
        _renderer = new MigrationRenderer(DialectRegistry.Dialect(target.Engine), migrations, inNamespace);
        _log = log;
    }

    /// <summary>Server for the temporary shadow database; default: the target's server.</summary>
    public ConnectionTarget? ShadowServer { get; init; }

    /// <summary>Whether names, comments and collation that differ count as problems (by default they are notes).</summary>
    public bool StrictNames { get; init; }

    /// <summary>Every problem found, in plain words; empty when the database matches the code.</summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(CancellationToken cancellationToken) => (await CompareAsync(cancellationToken)).Problems;

    /// <summary>The history checked and the live schema compared with what the applied migrations produce.</summary>
    public async Task<ValidationResult> CompareAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _driver.OpenAsync(_target, _log.Warn, cancellationToken);
        var history = await HistoryQueries.ReadIfExistsAsync(_driver, connection, cancellationToken);
        var known = _renderer.Migrations.ToDictionary(m => m.Version);
        var problems = new List<string>();
        var applied = new List<RenderedMigration>();
        foreach (var row in history)
        {
            if (!known.TryGetValue(row.Version, out var info))
            {
                problems.Add($"migration {row.Version} ({row.Description}) is recorded in the database but this version of the tool does not know it");
                continue;
            }
            var migration = _renderer.Render(info);
            if (row.State != HistoryTable.Applied)
            {
                problems.Add($"migration {row.Version} ({row.Description}) is recorded as {row.State}: run `taskflow-schema repair`");
                continue;
            }
            if (!migration.Recognizes(row.Checksum))
                problems.Add($"migration {row.Version} ({row.Description}) was applied with checksum {row.Checksum} but the code now generates {migration.Checksum}: a shipped migration was edited");
            applied.Add(migration);
        }

        var live = await DialectRegistry.Inspector(_target.Engine).InspectAsync(connection, cancellationToken);
        var expected = await ShadowDatabase.ExpectedSchemaAsync(_target, ShadowServer, applied, _log, cancellationToken);
        var at = applied.Count == 0 ? "no migrations" : $"migrations up to {applied[^1].Version}";
        var declared = new Dictionary<string, Model.TextCollation?>(StringComparer.Ordinal);
        foreach (var change in applied.SelectMany(m => m.TextComparisons))
            declared[$"{change.Column.Table}.{change.Column.Column}"] = change.Collation;
        return new ValidationResult(problems, live.CompareWith(expected), at, StrictNames)
        {
            TextNotes = DialectRegistry.Inspector(_target.Engine).DeclaredTextNotes(live, declared),
        };
    }
}
