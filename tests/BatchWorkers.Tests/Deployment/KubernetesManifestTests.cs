using System.Globalization;
using BatchWorkers.Worker.ImageClassification;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Persistence;
using BatchWorkers.Worker.TextGeneration;
using MassTransit;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;
using static BatchWorkers.Tests.Deployment.KubernetesManifests;

namespace BatchWorkers.Tests.Deployment;

/// <summary>
/// deploy/k8s checked against the worker's code: probes, option keys, queue names, secrets, the GPU overlay. Needs
/// no services. Schemas of the rendered overlays are deploy/k8s/validate.sh's part (kubectl and npm).
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Worker = "batchworkers-worker";
    private const string Training = "batchworkers-training";
    private const string SecretName = "batchworkers-secrets";

    private static IEnumerable<Manifest> Deployments => Base.Where(m => m.Kind == "Deployment");

    [Fact]
    public void EveryManifest_HasApiVersionKindAndName()
    {
        Assert.NotEmpty(All);
        Assert.All(All, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Root.Scalar("apiVersion")), $"{m} has no apiVersion");
            Assert.False(string.IsNullOrEmpty(m.Kind), $"{m} has no kind");
            Assert.False(string.IsNullOrEmpty(m.Name), $"{m} has no metadata.name");
        });
    }

    [Fact]
    public void Kustomizations_ListFilesThatExist_AndEveryManifestBesideThem()
    {
        Assert.Equal(new[] { "base/kustomization.yaml", "overlays/cpu/kustomization.yaml", "overlays/gpu/kustomization.yaml" }, Kustomizations);
        foreach (var kustomization in Kustomizations)
        {
            var listed = Listed(kustomization, "resources").Concat(Listed(kustomization, "patches")).ToList();
            Assert.All(listed, path => Assert.True(
                File.Exists(Path.Combine(Root, path)) || File.Exists(Path.Combine(Root, path, "kustomization.yaml")),
                $"{kustomization} lists {path}, which is neither a file nor a kustomization folder"));

            // A file beside a kustomization that it does not list is forgotten, unless it is a template (*.example.yaml).
            var folder = Path.GetDirectoryName(kustomization)!;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.yaml").Select(f => Path.Combine(folder, Path.GetFileName(f))))
            {
                if (file == kustomization)
                {
                    continue;
                }

                Assert.True(
                    file.EndsWith(".example.yaml", StringComparison.Ordinal) != listed.Contains(file),
                    $"{kustomization} must list {file} (templates *.example.yaml: must not)");
            }
        }
    }

    [Fact]
    public void Deployments_ProbeTheHealthEndpoints_OnTheContainersPort()
    {
        Assert.Equal(new[] { Training, Worker }, Deployments.Select(d => d.Name!).Order(StringComparer.Ordinal));
        foreach (var deployment in Deployments)
        {
            foreach (var container in deployment.Containers())
            {
                var context = $"{deployment} container {container.Scalar("name")}";
                var port = Assert.Single(container.Items("ports"));
                var portNumber = port.Scalar("containerPort");
                Assert.Equal("/health/live", container.Get("livenessProbe").Get("httpGet").Scalar("path"));
                Assert.Equal("/health/ready", container.Get("readinessProbe").Get("httpGet").Scalar("path"));
                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    var probed = container.Get(probe).Get("httpGet").Scalar("port");
                    Assert.True(
                        container.Get(probe) is null || probed == port.Scalar("name") || probed == portNumber, $"{context}: {probe} asks port {probed}");
                }

                // Kestrel's port is the image's ASPNETCORE_HTTP_PORTS; the manifest names it beside the container port.
                Assert.Equal(portNumber, EnvironmentOf(container, Base)["ASPNETCORE_HTTP_PORTS"]);
            }
        }
    }

    [Fact]
    public void Deployments_RequestAndLimitCpuAndMemory()
    {
        foreach (var container in Deployments.SelectMany(d => d.AllContainers()))
        {
            foreach (var bound in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.False(
                        string.IsNullOrEmpty(container.Get("resources").Get(bound).Scalar(resource)),
                        $"{container.Scalar("name")}: resources.{bound}.{resource} is not set");
                }
            }
        }
    }

    [Fact]
    public void Deployments_RunAsNonRoot_WithAReadOnlyRootAndAWritableTmp()
    {
        foreach (var deployment in Deployments)
        {
            Assert.Equal("true", deployment.PodSpec().Get("securityContext").Scalar("runAsNonRoot"));
            var emptyDirs = deployment.PodSpec().Items("volumes").Where(v => v.Get("emptyDir") is not null).Select(v => v.Scalar("name")).ToHashSet();
            foreach (var container in deployment.AllContainers())
            {
                Assert.Equal("true", container.Get("securityContext").Scalar("readOnlyRootFilesystem"));
                Assert.Equal("false", container.Get("securityContext").Scalar("allowPrivilegeEscalation"));
                Assert.Contains(container.Items("volumeMounts"), m => m.Scalar("mountPath") == "/tmp" && emptyDirs.Contains(m.Scalar("name")));
            }
        }
    }

    /// <summary>docs/security.md points the TLS settings at /etc/batchworkers/tls: every deployment has it, and starts without it.</summary>
    [Fact]
    public void Deployments_MountTheOptionalTlsSecret_ReadOnly()
    {
        foreach (var deployment in Deployments)
        {
            var volume = Assert.Single(deployment.PodSpec().Items("volumes"), v => v.Get("secret").Scalar("secretName") == "batchworkers-tls");
            Assert.Equal("true", volume.Get("secret").Scalar("optional"));
            foreach (var container in deployment.Containers())
            {
                var mount = Assert.Single(container.Items("volumeMounts"), m => m.Scalar("name") == volume.Scalar("name"));
                Assert.Equal("/etc/batchworkers/tls", mount.Scalar("mountPath"));
                Assert.Equal("true", mount.Scalar("readOnly"));
            }
        }
    }

    [Fact]
    public void Deployments_MountAVolumeClaimWhereTheirStoreSettingsPoint()
    {
        var claims = Base.Where(m => m.Kind == "PersistentVolumeClaim").ToDictionary(m => m.Name!);
        Assert.All(claims.Values, claim =>
            Assert.Contains("ReadWriteMany", claim.Root.Get("spec").Items("accessModes").Select(a => ((YamlScalarNode)a).Value)));
        var expected = new Dictionary<string, string[]>
        {
            [Worker] = ["Models__StoreRoot"],
            [Training] = ["Models__StoreRoot", "FineTuning__CheckpointRoot"],
        };
        foreach (var deployment in Deployments)
        {
            var container = deployment.Containers().Single();
            var claimVolumes = deployment.PodSpec().Items("volumes")
                .Where(v => v.Get("persistentVolumeClaim").Scalar("claimName") is { } claim && claims.ContainsKey(claim))
                .Select(v => v.Scalar("name")).ToHashSet();
            var mounts = container.Items("volumeMounts").Where(m => claimVolumes.Contains(m.Scalar("name"))).Select(m => m.Scalar("mountPath")!).ToList();
            var environment = EnvironmentOf(container, Base);
            foreach (var setting in expected[deployment.Name!])
            {
                var path = environment.GetValueOrDefault(setting);
                Assert.True(
                    path is not null && mounts.Any(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal)),
                    $"{deployment}: {setting}={path} is on no volume claim ({string.Join(", ", mounts)})");
            }
        }
    }

    [Fact]
    public void Deployments_MigrateAsTheOwnerInAnInitContainer_AndRunAsTheRuntimeRole()
    {
        foreach (var deployment in Deployments)
        {
            var container = deployment.Containers().Single();
            var migrate = Assert.Single(deployment.InitContainers());
            Assert.Equal(container.Scalar("image"), migrate.Scalar("image"));
            Assert.Equal([MigrateCommand.Verb], migrate.Items("args").Select(a => ((YamlScalarNode)a).Value));
            Assert.Equal("postgres-owner-connection-string", PostgresSecretKey(migrate));

            // The long-running container gets the runtime role's login only, and so must not try to migrate.
            Assert.Equal("postgres-connection-string", PostgresSecretKey(container));
            var migrateOnStartup = EnvironmentOf(container, Base)["Database__MigrateOnStartup"];
            Assert.False(bool.Parse(migrateOnStartup!), $"{deployment}: Database__MigrateOnStartup={migrateOnStartup}");
            Assert.DoesNotContain(container.Items("env"), e => e.Get("valueFrom").Get("secretKeyRef").Scalar("key") == "postgres-owner-connection-string");
        }
    }

    [Fact]
    public void WorkerDeployment_TakesNoTraining_TheTrainingDeploymentDoes()
    {
        int TrainingConcurrency(string deployment) => int.Parse(
            EnvironmentOf(Base.Named("Deployment", deployment).Containers().Single(), Base)["Scheduling__TrainingConcurrency"]!, CultureInfo.InvariantCulture);

        Assert.Equal(0, TrainingConcurrency(Worker));
        Assert.True(TrainingConcurrency(Training) >= 1);
        // KEDA owns the worker's replica count; a `replicas:` here would reset it on every apply.
        Assert.Null(Base.Named("Deployment", Worker).Root.Get("spec").Get("replicas"));
        // The Service (API, dashboard) sends requests to worker replicas only; training replicas keep their CPUs.
        Assert.Equal("worker", Base.Named("Service", "batchworkers").Root.Get("spec").Get("selector").Scalar("app.kubernetes.io/component"));
    }

    [Fact]
    public void ScaledObject_ScalesTheWorkerOnEveryChunkQueue()
    {
        var scaledObject = Assert.Single(Base, m => m.Kind == "ScaledObject");
        var spec = scaledObject.Root.Get("spec");
        Assert.Equal(Worker, spec.Get("scaleTargetRef").Scalar("name"));
        Assert.True(int.Parse(spec.Scalar("minReplicaCount")!, CultureInfo.InvariantCulture) >= 1, "one replica must stay for the API and the intake queues");

        var triggers = spec.Items("triggers").ToList();
        var authentications = Base.Where(m => m.Kind == "TriggerAuthentication").Select(m => m.Name).ToHashSet();
        Assert.All(triggers, trigger =>
        {
            Assert.Equal("rabbitmq", trigger.Scalar("type"));
            Assert.Equal("QueueLength", trigger.Get("metadata").Scalar("mode"));
            Assert.True(int.Parse(trigger.Get("metadata").Scalar("value")!, CultureInfo.InvariantCulture) > 0);
            Assert.Contains(trigger.Get("authenticationRef").Scalar("name"), authentications);
        });
        Assert.Equal(ChunkQueues().Order(StringComparer.Ordinal), triggers.Select(t => t.Get("metadata").Scalar("queueName")!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Models__StoreRoot", true)]
    [InlineData("models__storeroot", true)]
    [InlineData("Models__StoreRot", false)]
    [InlineData("Modles__StoreRoot", false)]
    [InlineData("Access__ApiKeys__0", true)]
    [InlineData("Access__ApiKeys", false)]
    [InlineData("Scheduling__Queues__1", true)]
    [InlineData("FineTuning__Nightly__0__Model", true)]
    [InlineData("FineTuning__Nightly__0__Modle", false)]
    [InlineData("Models__StoreRoot__0", false)]
    [InlineData("ConnectionStrings__Postgres", true)]
    [InlineData("ConnectionStrings__Postgre", false)]
    [InlineData("ASPNETCORE_HTTP_PORTS", true)]
    [InlineData("MODELS_STOREROOT", false)]
    [InlineData("MALLOC_ARENA_MAX", true)]
    [InlineData("MALLOC_ARENAS_MAX", false)]
    public void OptionKeys_ResolveAgainstTheOptionsClasses(string variable, bool known) => Assert.Equal(known, OptionKeys.IsKnown(variable));

    [Fact]
    public void EnvironmentVariables_NameSettingsTheWorkerHas()
    {
        var containers = All.Where(m => m.Kind == "Deployment").SelectMany(d => d.AllContainers()).ToList();
        var names = containers.SelectMany(c => c.Items("env")).Select(e => e.Scalar("name")!)
            .Concat(All.Where(m => m.Kind == "ConfigMap").SelectMany(m => m.Root.Entries("data")).Select(e => e.Key))
            .Distinct().ToList();
        Assert.Contains("ConnectionStrings__Postgres", names);
        Assert.All(names, name => Assert.True(OptionKeys.IsKnown(name), $"{name} is no setting of the worker (see the *Options classes)"));
    }

    [Fact]
    public void SecretTemplate_HoldsNoValues_AndEveryKeyTheManifestsRead()
    {
        var template = Assert.Single(All, m => m.Kind == "Secret");
        Assert.EndsWith(".example.yaml", template.File, StringComparison.Ordinal);
        Assert.Equal(SecretName, template.Name);
        var keys = template.Root.Entries("stringData").Concat(template.Root.Entries("data")).ToList();
        Assert.All(keys, entry => Assert.Equal("", ((YamlScalarNode)entry.Value).Value));

        var references = All.Where(m => m.Kind == "Deployment").SelectMany(d => d.AllContainers()).SelectMany(c => c.Items("env"))
            .Select(e => e.Get("valueFrom").Get("secretKeyRef")).Where(r => r is not null)
            .Concat(All.Where(m => m.Kind == "TriggerAuthentication").SelectMany(m => m.Root.Get("spec").Items("secretTargetRef")))
            .ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            Assert.Equal(SecretName, reference.Scalar("name"));
            Assert.Contains(reference.Scalar("key"), keys.Select(k => k.Key));
        });
    }

    [Fact]
    public void GpuOverlay_GivesEachWorkerAGpu_ANodeSelector_AToleration_AndCuda()
    {
        const string overlay = "overlays/gpu/kustomization.yaml";
        Assert.Contains(Kustomization(overlay).Items("images"), i => i.Scalar("name") == "batchworkers-worker" && i.Scalar("newTag") == "cuda");
        var patch = Listed(overlay, "patches").SelectMany(Load).Named("Deployment", Worker);
        var pod = patch.PodSpec();
        Assert.NotEmpty(pod.Entries("nodeSelector"));
        Assert.Contains(pod.Items("tolerations"), t => t.Scalar("key") == "nvidia.com/gpu" && t.Scalar("effect") == "NoSchedule");

        // Strategic merge matches containers by name: a misnamed one would become a second container without an image.
        var container = Assert.Single(patch.Containers());
        Assert.Equal(Base.Named("Deployment", Worker).Containers().Single().Scalar("name"), container.Scalar("name"));
        Assert.Equal("1", container.Get("resources").Get("limits").Scalar("nvidia.com/gpu"));
        Assert.Contains(container.Items("env"), e => e.Scalar("name") == "Models__ExecutionProvider" && e.Scalar("value") == "cuda");
    }

    [Fact]
    public void CpuOverlay_AndBase_AskForNoGpu()
    {
        var files = Listed("overlays/cpu/kustomization.yaml", "patches")
            .Concat(Listed("base/kustomization.yaml", "resources"))
            .Append("overlays/cpu/kustomization.yaml");
        Assert.All(files, file => Assert.DoesNotContain("nvidia.com/gpu", File.ReadAllText(Path.Combine(Root, file)), StringComparison.Ordinal));
        Assert.Contains(Kustomization("overlays/cpu/kustomization.yaml").Items("images"), i => i.Scalar("newTag") == "cpu");
    }

    private static string? PostgresSecretKey(YamlNode container) =>
        container.Items("env").Single(e => e.Scalar("name") == "ConnectionStrings__Postgres").Get("valueFrom").Get("secretKeyRef").Scalar("key");

    /// <summary>The chunk queues the worker consumes: images, and one per text task (every <see cref="ITextChunk"/>).</summary>
    private static IEnumerable<string> ChunkQueues()
    {
        IConsumerDefinition images = new ClassifyImagesChunkConsumerDefinition(
            Options.Create(new ImageClassificationOptions()), Options.Create(new JobOptions()));
        yield return images.GetEndpointName(KebabCaseEndpointNameFormatter.Instance);
        var chunks = typeof(ITextChunk).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && typeof(ITextChunk).IsAssignableFrom(t));
        foreach (var chunk in chunks)
        {
            yield return (string)chunk.GetProperty(nameof(ITextChunk.QueueName))!.GetValue(null)!;
        }
    }
}
