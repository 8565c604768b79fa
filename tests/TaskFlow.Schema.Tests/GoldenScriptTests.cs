using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Rendering;
using TaskFlow.Schema.Scripting;

namespace TaskFlow.Schema.Tests;

/// <summary>The committed init-complete.sql files are exactly what the migrations generate.</summary>
public sealed class GoldenScriptTests
{
    [TestCase(DatabaseEngine.PostgreSql, "postgresql")]
    [TestCase(DatabaseEngine.MySql, "mysql")]
    public void Committed_script_matches_the_generated_one(DatabaseEngine engine, string folder)
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), "migrations", "sql", folder, "init-complete.sql"));
        var generated = ScriptWriter.Write(new MigrationRenderer(Dialects.DialectRegistry.Dialect(engine), TaskFlowSchema.Migrations));

        Assert.That(generated, Is.EqualTo(committed),
            $"migrations/sql/{folder}/init-complete.sql is stale: run tools/taskflow-schema script --engine {folder} --output migrations/sql/{folder}/init-complete.sql");
    }

    [TestCase(DatabaseEngine.PostgreSql)]
    [TestCase(DatabaseEngine.MySql)]
    public void Scripts_are_deterministic_and_use_lf(DatabaseEngine engine)
    {
        var dialect = Dialects.DialectRegistry.Dialect(engine);
        var first = ScriptWriter.Write(new MigrationRenderer(dialect, TaskFlowSchema.Migrations));
        var second = ScriptWriter.Write(new MigrationRenderer(dialect, TaskFlowSchema.Migrations));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Not.Contain("\r"));
    }

    [Test]
    public void A_script_up_to_a_version_stops_there()
    {
        var renderer = new MigrationRenderer(Dialects.DialectRegistry.Dialect(DatabaseEngine.PostgreSql), TaskFlowSchema.Migrations);
        var script = ScriptWriter.Write(renderer, 202507210000);

        Assert.That(script, Does.Contain("-- 202507210000:"));
        Assert.That(script, Does.Not.Contain("-- 202508010000:"));
        Assert.That(() => ScriptWriter.Write(renderer, 123), Throws.TypeOf<SchemaException>().With.Message.Contains("Unknown migration version 123"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TaskFlow.Schema.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Tests run inside the repository.");
    }
}
