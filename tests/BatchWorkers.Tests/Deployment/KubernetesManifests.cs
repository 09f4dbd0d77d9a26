using System.Globalization;
using System.Reflection;
using BatchWorkers.Worker;
using YamlDotNet.RepresentationModel;

namespace BatchWorkers.Tests.Deployment;

/// <summary>One YAML document of <c>deploy/k8s</c>, with the file it came from (relative to <c>deploy/k8s</c>).</summary>
public sealed record Manifest(string File, YamlMappingNode Root)
{
    public string? Kind => Root.Scalar("kind");

    public string? Name => Root.Get("metadata").Scalar("name");

    public override string ToString() => $"{File}: {Kind}/{Name}";
}

/// <summary>Reads the manifests as files, the way kustomize finds them; no cluster and no kubectl.</summary>
public static class KubernetesManifests
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every <c>kustomization.yaml</c> under <c>deploy/k8s</c>, as paths relative to it.</summary>
    public static IReadOnlyList<string> Kustomizations { get; } =
        [.. YamlFiles().Where(path => Path.GetFileName(path) == "kustomization.yaml").Select(path => Path.GetRelativePath(Root, path))];

    /// <summary>Every YAML file under <c>base/</c> and <c>overlays/</c> other than the kustomizations.</summary>
    public static IReadOnlyList<Manifest> All { get; } =
        [.. YamlFiles().Where(path => Path.GetFileName(path) != "kustomization.yaml").SelectMany(path => Load(Path.GetRelativePath(Root, path)))];

    /// <summary>What <c>base/kustomization.yaml</c> lists under <c>resources</c>.</summary>
    public static IReadOnlyList<Manifest> Base { get; } = [.. Listed("base/kustomization.yaml", "resources").SelectMany(Load)];

    public static YamlMappingNode Kustomization(string relativePath) => Load(relativePath).Single().Root;

    /// <summary>The files a kustomization names under <paramref name="field"/> (<c>resources</c> or <c>patches</c>), relative to <c>deploy/k8s</c>.</summary>
    public static IEnumerable<string> Listed(string kustomization, string field)
    {
        var folder = Path.GetDirectoryName(kustomization)!;
        foreach (var entry in Kustomization(kustomization).Items(field))
        {
            var path = entry is YamlScalarNode scalar ? scalar.Value : entry.Scalar("path");
            if (path is not null)
            {
                yield return Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Root, folder, path)));
            }
        }
    }

    public static IReadOnlyList<Manifest> Load(string relativePath)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, relativePath)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(root => new Manifest(relativePath, root))];
    }

    public static Manifest Named(this IEnumerable<Manifest> manifests, string kind, string name) =>
        manifests.Single(m => m.Kind == kind && m.Name == name);

    public static YamlNode? PodSpec(this Manifest deployment) => deployment.Root.Get("spec").Get("template").Get("spec");

    public static IEnumerable<YamlNode> Containers(this Manifest deployment) => deployment.PodSpec().Items("containers");

    public static IEnumerable<YamlNode> InitContainers(this Manifest deployment) => deployment.PodSpec().Items("initContainers");

    /// <summary>Every container a pod runs: init containers first, then the long-running ones.</summary>
    public static IEnumerable<YamlNode> AllContainers(this Manifest deployment) => deployment.InitContainers().Concat(deployment.Containers());

    /// <summary>
    /// The environment a container starts with: its ConfigMaps' keys (envFrom), then its own <c>env</c>, which wins.
    /// Values from a Secret are null.
    /// </summary>
    public static Dictionary<string, string?> EnvironmentOf(YamlNode container, IEnumerable<Manifest> manifests)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in container.Items("envFrom").Select(e => e.Get("configMapRef").Scalar("name")).OfType<string>())
        {
            foreach (var (key, value) in manifests.Named("ConfigMap", name).Root.Entries("data"))
            {
                environment[key] = (value as YamlScalarNode)?.Value;
            }
        }

        foreach (var variable in container.Items("env"))
        {
            environment[variable.Scalar("name")!] = variable.Scalar("value");
        }

        return environment;
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping ? mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == key).Value : null;

    public static string? Scalar(this YamlNode? node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, string key) => node.Get(key) as YamlSequenceNode ?? [];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node, string key) =>
        node.Get(key) is YamlMappingNode mapping ? mapping.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) : [];

    // base/ and overlays/ only: validate/node_modules holds YAML files of its own.
    private static IEnumerable<string> YamlFiles() =>
        new[] { "base", "overlays" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BatchWorkers.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("BatchWorkers.sln not found above the test output."), "deploy", "k8s");
    }
}

/// <summary>
/// Whether an environment variable reaches a setting of the worker: <c>Section__Key</c> (with <c>__N</c> for list
/// items) of an options class that declares <c>const string Section</c>, the PostgreSQL connection string, an
/// ASP.NET Core / .NET runtime variable, or one of glibc's that the deployment sets on purpose. Names match as
/// configuration binding does, ignoring case.
/// </summary>
public static class OptionKeys
{
    // Read by the C library, not by configuration: two malloc arenas keep memory flat over promotions.
    private static readonly string[] ProcessVariables = ["MALLOC_ARENA_MAX"];

    private static readonly Dictionary<string, Type> Sections = typeof(WorkerApplication).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal))
        .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(s => s.Field is { IsLiteral: true })
        .ToDictionary(s => (string)s.Field!.GetRawConstantValue()!, s => s.Type, StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string variable)
    {
        var path = variable.Split("__");
        if (path.Length == 1)
        {
            return variable.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || variable.StartsWith("DOTNET_", StringComparison.Ordinal)
                || ProcessVariables.Contains(variable, StringComparer.Ordinal);
        }

        if (path.Length == 2 && path[0].Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
        {
            return path[1].Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        }

        return Sections.TryGetValue(path[0], out var type) && Resolves(type, path.AsSpan(1));
    }

    private static bool Resolves(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return IsLeaf(type);
        }

        if (IsLeaf(type))
        {
            return false;
        }

        if (ElementType(type) is { } element)
        {
            return int.TryParse(path[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && Resolves(element, path[1..]);
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Resolves(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
