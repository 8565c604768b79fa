using System.Text.RegularExpressions;
using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.Release;

/// <summary>
/// .github/workflows/schema.yml cannot run here (no GitHub runner): it is parsed, and every command it runs is checked
/// to exist, down to the repository's scripts, the tool's subcommands and options, and the MSBuild property it sets.
/// </summary>
public sealed partial class WorkflowFileTests
{
    private static readonly string WorkflowPath = Path.Combine(RepositoryFiles.Root, ".github", "workflows", "schema.yml");

    // Programs a GitHub-hosted Ubuntu runner has besides what setup-dotnet installs.
    private static readonly string[] RunnerPrograms = ["dotnet", "mysql", "gh", "git"];

    [Test]
    public void The_workflow_tests_against_postgresql_15_and_mysql_8_service_containers()
    {
        var workflow = YamlFile.Documents(WorkflowPath).Single();
        var test = workflow.Get("jobs", "test")!;
        Assert.That(test.Text("services", "postgres", "image"), Is.EqualTo("postgres:15"));
        Assert.That(test.Text("services", "mysql", "image"), Is.EqualTo("mysql:8.0"));
        Assert.That(test.Text("env", "TASKFLOW_TEST_POSTGRES"), Does.StartWith("postgresql://").And.Contains("127.0.0.1:5432"));
        Assert.That(test.Text("env", "TASKFLOW_TEST_MYSQL"), Does.StartWith("mysql://").And.Contains("127.0.0.1:3306"));
        var runs = test.Items("steps").Select(s => s.Text("run")).OfType<string>().ToList();
        Assert.That(runs, Has.Some.Contains("dotnet build").And.Contains("-p:TaskFlowSchemaCheck=true"));
        Assert.That(runs, Has.Some.Contains("tools/taskflow-schema check"));
        Assert.That(runs, Has.Some.Contains("dotnet test"));

        var diff = workflow.Get("jobs", "sql-diff")!;
        Assert.That(diff.Text("if"), Does.Contain("pull_request"));
        Assert.That(diff.Text("permissions", "pull-requests"), Is.EqualTo("write"));
        Assert.That(diff.Items("steps").Select(s => s.Text("run")).OfType<string>(), Has.Some.Contains("tools/sql-diff.sh").And.Some.Contains("gh pr comment"));
        Assert.That(workflow.Get("on")!.Entries().Select(e => e.Key), Is.SupersetOf(new[] { "push", "pull_request" }));
    }

    [Test]
    public async Task Every_command_the_workflow_runs_exists()
    {
        var workflow = YamlFile.Documents(WorkflowPath).Single();
        var checkedCommands = 0;
        foreach (var (jobName, job) in workflow.Entries("jobs"))
        foreach (var step in job.Items("steps"))
        {
            if (step.Text("uses") is { } action)
                Assert.That(action, Does.Match(@"^actions/[a-z-]+@v\d+$"), $"{jobName}: actions are pinned to a major version");
            if (step.Text("run") is not { } script)
                continue;
            foreach (var command in Commands(script))
            {
                checkedCommands++;
                await AssertExistsAsync(jobName, command);
            }
        }
        Assert.That(checkedCommands, Is.GreaterThanOrEqualTo(7));
    }

    [Test]
    public async Task The_pull_request_comment_shows_the_generated_sql_diff_between_base_and_head()
    {
        // A repository of its own with the script and two commits of the generated scripts.
        var repo = Directory.CreateTempSubdirectory("tf-sql-diff-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(repo, "tools"));
            File.Copy(Path.Combine(RepositoryFiles.Root, "tools", "sql-diff.sh"), Path.Combine(repo, "tools", "sql-diff.sh"));
            foreach (var engine in new[] { "postgresql", "mysql" })
            {
                Directory.CreateDirectory(Path.Combine(repo, "migrations", "sql", engine));
                await File.WriteAllTextAsync(Path.Combine(repo, "migrations", "sql", engine, "init-complete.sql"), $"-- {engine}\nCREATE TABLE a (id int);\n");
            }
            await GitAsync(repo, "init", "-q", "-b", "main");
            await GitAsync(repo, "add", "-A");
            await GitAsync(repo, "commit", "-q", "-m", "base");
            await File.AppendAllTextAsync(Path.Combine(repo, "migrations", "sql", "postgresql", "init-complete.sql"), "CREATE TABLE b (id int);\n");
            await GitAsync(repo, "commit", "-q", "-am", "head");

            var diff = await ExternalProcess.RunAsync(repo, null, "bash", "tools/sql-diff.sh", "HEAD~1", "HEAD");
            Assert.That(diff.ExitCode, Is.Zero, diff.ToString());
            Assert.That(diff.Stdout, Does.Contain("<b>postgresql</b>: 1 lines added, 0 removed"));
            Assert.That(diff.Stdout, Does.Contain("```diff").And.Contain("+CREATE TABLE b (id int);"));
            Assert.That(diff.Stdout, Does.Contain("**mysql**: no change"));

            var unknown = await ExternalProcess.RunAsync(repo, null, "bash", "tools/sql-diff.sh", "origin/nowhere", "HEAD");
            Assert.That(unknown.ExitCode, Is.EqualTo(1));
            Assert.That(unknown.Stderr, Does.Contain("unknown revision origin/nowhere"));
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    private static async Task GitAsync(string repo, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "test", ["GIT_AUTHOR_EMAIL"] = "test@example.com",
            ["GIT_COMMITTER_NAME"] = "test", ["GIT_COMMITTER_EMAIL"] = "test@example.com",
        };
        var result = await ExternalProcess.RunAsync(repo, environment, "git", args);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    private static async Task AssertExistsAsync(string job, string[] words)
    {
        var program = words[0];
        var where = $"{job}: `{string.Join(' ', words)}`";
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var file = new FileInfo(Path.Combine(RepositoryFiles.Root, program));
            Assert.That(file.Exists, Is.True, $"{where}: {program} is not in the repository");
            Assert.That(file.UnixFileMode.HasFlag(UnixFileMode.UserExecute), Is.True, $"{where}: {program} is not executable");
            if (program == "tools/taskflow-schema")
                await AssertToolCommandAsync(where, words[1..]);
            return;
        }
        Assert.That(RunnerPrograms, Does.Contain(program), $"{where}: {program} is neither a repository script nor on the runner");
        if (program != "dotnet")
            return;
        Assert.That(new[] { "build", "test", "pack", "restore" }, Does.Contain(words[1]), where);
        foreach (var path in words.Where(w => w.EndsWith(".sln", StringComparison.Ordinal) || w.EndsWith("proj", StringComparison.Ordinal)))
            Assert.That(File.Exists(Path.Combine(RepositoryFiles.Root, path)), Is.True, $"{where}: {path} does not exist");
        foreach (var property in words.Where(w => w.StartsWith("-p:", StringComparison.Ordinal)).Select(w => w[3..].Split('=')[0]))
        {
            var targets = await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, "migrations", "TaskFlow.Schema.Migrations", "TaskFlowSchemaScripts.targets"));
            Assert.That(targets, Does.Contain($"'$({property})'"), $"{where}: no build logic reads {property}");
        }
    }

    // The subcommand answers --help, and every option the workflow passes is one it lists.
    private static async Task AssertToolCommandAsync(string where, string[] args)
    {
        var help = await ToolProcess.RunAsync(args[0], "--help");
        Assert.That(help.ExitCode, Is.Zero, $"{where}: {help}");
        foreach (var option in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            Assert.That(help.Stdout, Does.Contain(option), $"{where}: {args[0]} has no {option}");
    }

    /// <summary>The simple commands of a `run:` script: split at newlines, `&&`, `||`, `;` and `|` outside quotes.</summary>
    internal static IEnumerable<string[]> Commands(string script)
    {
        var words = new List<string>();
        foreach (var token in Token().Matches(script).Select(m => m.Value))
        {
            if (token is "\n" or "&&" or "||" or ";" or "|")
            {
                if (Command(words) is { } done)
                    yield return done;
                words.Clear();
            }
            else
            {
                words.Add(token.Length > 1 && token[0] is '"' or '\'' ? token[1..^1] : token);
            }
        }
        if (Command(words) is { } last)
            yield return last;
    }

    // Redirections and their targets are not part of the command.
    private static string[]? Command(List<string> words)
    {
        var cut = words.FindIndex(w => w.StartsWith('>') || w.StartsWith('<') || w == "2>&1");
        var command = cut >= 0 ? words[..cut] : words;
        return command.Count > 0 ? command.ToArray() : null;
    }

    [GeneratedRegex("\"[^\"]*\"|'[^']*'|&&|\\|\\||\n|;|\\||[^\\s;|&]+")]
    private static partial Regex Token();
}
