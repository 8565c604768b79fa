using System.Reflection;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Conventions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Rendering;

/// <summary>Renders FluentMigrator migration classes into SQL statements for one dialect, without a database.</summary>
public sealed class MigrationRenderer
{
    private readonly ISchemaDialect _dialect;
    private readonly IReadOnlyList<MigrationInfo> _migrations;
    private readonly Dictionary<long, RenderedMigration> _cache = [];

    /// <summary>Creates a renderer for the migrations of <paramref name="assembly"/> (only <paramref name="inNamespace"/>, when given).</summary>
    public MigrationRenderer(ISchemaDialect dialect, Assembly assembly, string? inNamespace = null)
    {
        _dialect = dialect;
        _migrations = MigrationInfo.Discover(assembly, inNamespace);
    }

    /// <summary>The dialect rendered for.</summary>
    public ISchemaDialect Dialect => _dialect;

    /// <summary>Every migration, ordered by version.</summary>
    public IReadOnlyList<MigrationInfo> Migrations => _migrations;

    /// <summary>The latest version known to the code, or 0 when there is none.</summary>
    public long LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Renders every migration up to and including <paramref name="toVersion"/> (all when null).</summary>
    public IReadOnlyList<RenderedMigration> RenderUpTo(long? toVersion = null)
    {
        if (toVersion is { } v && v != 0 && _migrations.All(m => m.Version != v))
            throw new SchemaException($"Unknown migration version {v}; known versions: {string.Join(", ", _migrations.Select(m => m.Version))}.");
        return _migrations.Where(m => toVersion is null || m.Version <= toVersion).Select(m => Render(m)).ToList();
    }

    /// <summary>Renders one migration.</summary>
    public RenderedMigration Render(MigrationInfo info)
    {
        if (_cache.TryGetValue(info.Version, out var cached))
            return cached;
        var migration = (IMigration)Activator.CreateInstance(info.Type)!;
        var declared = new MigrationDeclarations();
        var up = Collect(migration, info, up: true, declared);
        var rendered = new RenderedMigration(info.Version, info.Description, info.UsesTransaction, up, Collect(migration, info, up: false, new MigrationDeclarations()))
        {
            EarlierChecksums = _dialect.EarlierRenderings(up).Select(RenderedMigration.Hash).ToList(),
            TextComparisons = declared.Text,
        };
        _cache[info.Version] = rendered;
        return rendered;
    }

    private List<string> Collect(IMigration migration, MigrationInfo info, bool up, MigrationDeclarations declared)
    {
        var services = new ServiceCollection().AddSingleton(_dialect).AddSingleton(declared).BuildServiceProvider();
        var processor = new SqlCaptureProcessor(_dialect, _dialect.CreateGenerator());
        var context = new MigrationContext(processor, services, connection: null);
        try
        {
            if (up) migration.GetUpExpressions(context);
            else migration.GetDownExpressions(context);

            var validator = new MigrationValidator(NullLogger<MigrationValidator>.Instance, new DefaultConventionSet());
            var expressions = context.Expressions.Apply(new DefaultConventionSet()).ToList();
            validator.ApplyConventionsToAndValidateExpressions(migration, expressions);
            foreach (var expression in expressions)
                expression.ExecuteWith(processor);
        }
        catch (Exception e) when (e is not SchemaException)
        {
            throw new SchemaException(
                $"Migration {info.Version} ({info.Type.Name}) cannot be rendered for {_dialect.DisplayName} ({(up ? "Up" : "Down")}): {e.Message}", e);
        }
        return processor.Statements.Select(Normalize).ToList();
    }

    private static string Normalize(string sql)
    {
        var text = sql.ReplaceLineEndings("\n").Trim();
        return text.EndsWith(';') ? text : text + ";";
    }
}
