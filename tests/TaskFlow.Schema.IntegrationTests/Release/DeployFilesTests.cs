using System.Text.RegularExpressions;
using TaskFlow.Schema.IntegrationTests.Infrastructure;
using TaskFlow.Schema.Migrations;
using TaskFlow.Schema.Rendering;
using YamlDotNet.RepresentationModel;

namespace TaskFlow.Schema.IntegrationTests.Release;

/// <summary>
/// What the deployment files promise and no container run can show by itself: the settings are there, and the
/// versions they name are the code's. tools/container-test.sh runs the same files for real.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Deploy = Path.Combine(RepositoryFiles.Root, "tools", "deploy");
    private static readonly string Latest = new MigrationRenderer(Dialects.DialectRegistry.Dialect(DatabaseEngine.PostgreSql), TaskFlowSchema.Migrations)
        .LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<YamlMappingNode> Base() => Directory.EnumerateFiles(Path.Combine(Deploy, "k8s", "base"), "*.yaml")
        .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)).SelectMany(YamlFile.Documents).ToList();

    private static YamlMappingNode Kind(string kind) => Base().Single(d => d.Text("kind") == kind);

    [Test]
    public void The_migration_job_is_named_after_the_latest_schema_version_and_locked_down()
    {
        var job = Kind("Job");
        Assert.That(job.Text("metadata", "name"), Is.EqualTo($"taskflow-schema-migrate-{Latest}"), "a new migration needs a new Job name");
        Assert.That(job.Text("spec", "backoffLimit"), Is.EqualTo("0"));
        Assert.That(int.Parse(job.Text("spec", "ttlSecondsAfterFinished")!, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);
        Assert.That(int.Parse(job.Text("spec", "activeDeadlineSeconds")!, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);
        var pod = job.Get("spec", "template", "spec")!;
        Assert.That(pod.Text("restartPolicy"), Is.EqualTo("Never"));
        Assert.That(pod.Text("securityContext", "runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(pod.Text("securityContext", "seccompProfile", "type"), Is.EqualTo("RuntimeDefault"));
        var container = pod.Items("containers").Single();
        Assert.That(container.Text("image"), Is.EqualTo("taskflow-schema"));
        Assert.That(container.Items("args").Select(a => ((YamlScalarNode)a).Value).First(), Is.EqualTo("up"));
        Assert.That(container.Text("securityContext", "runAsNonRoot"), Is.EqualTo("true"));
        Assert.That(container.Text("securityContext", "readOnlyRootFilesystem"), Is.EqualTo("true"));
        Assert.That(container.Text("securityContext", "allowPrivilegeEscalation"), Is.EqualTo("false"));
        Assert.That(container.Items("securityContext", "capabilities", "drop").Select(d => ((YamlScalarNode)d).Value), Is.EqualTo(new[] { "ALL" }));
        Assert.That(container.Text("securityContext", "seccompProfile", "type"), Is.EqualTo("RuntimeDefault"));
    }

    [Test]
    public void The_app_waits_for_the_latest_version_without_migrating()
    {
        var init = Kind("Deployment").Items("spec", "template", "spec", "initContainers").Single();
        var args = init.Items("args").Select(a => ((YamlScalarNode)a).Value).ToList();
        Assert.That(args[0], Is.EqualTo("status"));
        Assert.That(args, Is.SupersetOf(new[] { "--wait-for", Latest, "--timeout" }));

        var compose = YamlFile.Documents(Path.Combine(Deploy, "compose.yaml")).Single();
        Assert.That(compose.Items("services", "migrate", "command").Select(a => ((YamlScalarNode)a).Value).First(), Is.EqualTo("up"));
        Assert.That(compose.Text("services", "app", "depends_on", "migrate", "condition"), Is.EqualTo("service_completed_successfully"));
        Assert.That(string.Join(' ', compose.Items("services", "app", "command").Select(a => ((YamlScalarNode)a).Value)),
            Does.Contain($"--wait-for ${{TASKFLOW_SCHEMA_VERSION:-{Latest}}}"));
        Assert.That(compose.Text("services", "app", "environment", "DATABASE_URL"), Does.StartWith("postgresql+asyncpg://"));
    }

    [Test]
    public void The_statefulset_backup_and_secret_fit_together()
    {
        var statefulSet = Kind("StatefulSet");
        var service = Kind("Service");
        Assert.That(service.Text("spec", "clusterIP"), Is.EqualTo("None"), "headless");
        Assert.That(statefulSet.Text("spec", "serviceName"), Is.EqualTo(service.Text("metadata", "name")));
        Assert.That(statefulSet.Items("spec", "volumeClaimTemplates"), Is.Not.Empty);
        Assert.That(statefulSet.Items("spec", "template", "spec", "containers").Single().Text("image"), Is.EqualTo("postgres:15"));

        var backup = Kind("CronJob").Get("spec", "jobTemplate", "spec", "template", "spec")!.Items("containers").Single();
        Assert.That(string.Join(' ', backup.Items("args").Select(a => ((YamlScalarNode)a).Value)), Does.Contain("pg_dump --format=custom"));

        var secret = Kind("Secret");
        var keys = secret.Entries("stringData").Select(e => e.Key).ToList();
        Assert.That(secret.Text("stringData", "DATABASE_URL"), Does.StartWith("postgresql+asyncpg://").And.Contains($"@{service.Text("metadata", "name")}:5432/"));
        var references = Base().SelectMany(d => SecretReferences(d)).ToList();
        Assert.That(references, Is.Not.Empty);
        foreach (var (name, key) in references)
        {
            Assert.That(name, Is.EqualTo(secret.Text("metadata", "name")));
            Assert.That(keys, Does.Contain(key));
        }
    }

    [Test]
    public void The_containerfile_is_multi_stage_without_the_sdk_in_the_final_image_and_runs_as_non_root()
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy, "Containerfile"));
        var stages = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.That(stages, Has.Count.EqualTo(2));
        Assert.That(stages[0].l, Does.Contain("SDK_IMAGE"));
        var final = lines[stages[1].i..];
        Assert.That(final[0], Does.Contain("RUNTIME_IMAGE"));
        Assert.That(lines.Single(l => l.StartsWith("ARG RUNTIME_IMAGE=", StringComparison.Ordinal)), Does.Contain("runtime-deps"));
        Assert.That(final, Has.None.Contains("dotnet "));
        Assert.That(final.Single(l => l.StartsWith("USER ", StringComparison.Ordinal)), Does.Match(@"^USER [1-9][0-9]*:[1-9][0-9]*$"));
        Assert.That(final, Does.Contain("""ENTRYPOINT ["taskflow-schema"]"""));
        Assert.That(lines.Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal)), Does.Contain("--self-contained"));
    }

    [Test]
    public void The_prod_overlay_pins_the_tool_version()
    {
        var version = VersionElement().Match(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "Directory.Build.props"))).Groups[1].Value;
        var prod = YamlFile.Documents(Path.Combine(Deploy, "k8s", "overlays", "prod", "kustomization.yaml")).Single();
        var image = prod.Items("images").Single(i => i.Text("name") == "taskflow-schema");
        Assert.That(image.Text("newTag"), Is.EqualTo(version), "the image tag follows Directory.Build.props");
    }

    private static IEnumerable<(string Name, string Key)> SecretReferences(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Get("secretKeyRef") is { } reference)
                    yield return (reference.Text("name")!, reference.Text("key")!);
                foreach (var child in map.Children.Values)
                foreach (var found in SecretReferences(child))
                    yield return found;
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                foreach (var found in SecretReferences(child))
                    yield return found;
                break;
        }
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
