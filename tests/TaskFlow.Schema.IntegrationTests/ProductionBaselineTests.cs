using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>A production MySQL database, made by hand-written SQL and not by the tool, adopted with `baseline`.</summary>
[Category(Engines.MySql)]
public sealed class ProductionBaselineTests
{
    private const string Step1 = "202507210000";

    [Test]
    public async Task A_hand_made_production_database_baselines_at_step_1_then_up_and_validate_are_clean()
    {
        await using var db = await ProductionAsync("prodok");

        var baseline = await ToolProcess.RunAsync("baseline", "--version", Step1, "--connection", db.Url);
        Assert.That(baseline.ExitCode, Is.Zero, baseline.ToString());
        Assert.That(baseline.Stdout, Is.Empty, "no differences");

        var up = await ToolProcess.RunAsync("up", "--connection", db.Url);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var validate = await ToolProcess.RunAsync("validate", "--connection", db.Url);
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        var latest = db.Migrator().Renderer.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await db.QueryAsync($"SELECT MAX(version) FROM {Dialects.HistoryTable.Name}"), Is.EqualTo(new[] { new[] { latest } }));
    }

    [TestCase("DROP INDEX ix_requests_due_date ON requests", "index requests.ix_requests_due_date is missing")]
    [TestCase("ALTER TABLE requests MODIFY `text` TEXT NOT NULL", "column requests.text differs: expected mediumtext")]
    public async Task A_production_database_that_differs_is_refused_with_the_difference_named(string change, string named)
    {
        await using var db = await ProductionAsync("proddiff");
        await db.ExecuteAsync(change);

        var baseline = await ToolProcess.RunAsync("baseline", "--version", Step1, "--connection", db.Url);

        Assert.That(baseline.ExitCode, Is.EqualTo(2), baseline.ToString());
        Assert.That(baseline.Stdout, Does.Contain(named));
        Assert.That(await db.QueryAsync(db.Driver.HistoryTableExists), Is.EqualTo(new[] { new[] { "0" } }), "nothing recorded");
    }

    private static async Task<TestDatabase> ProductionAsync(string prefix)
    {
        var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, prefix);
        var client = await SqlClient.RunFileAsync(db, Path.Combine(AppContext.BaseDirectory, "Resources", "production-mysql-step1.sql"));
        Assert.That(client.ExitCode, Is.Zero, client.ToString());
        return db;
    }
}
