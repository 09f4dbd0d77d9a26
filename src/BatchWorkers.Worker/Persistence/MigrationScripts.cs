using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;

namespace BatchWorkers.Worker.Persistence;

/// <summary>DbUp over the SQL files of <c>migrations/</c>, embedded in this assembly; the journal is <c>schemaversions</c>.</summary>
public static class MigrationScripts
{
    private const string Folder = ".migrations.";

    public static UpgradeEngine Engine(string connectionString, IUpgradeLog log) => DeployChanges.To
        .PostgresqlDatabase(connectionString)
        .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(Folder, StringComparison.Ordinal))
        .WithTransactionPerScript()
        .LogTo(log)
        .Build();

    /// <summary>The file a script came from (<c>0011_runtime_role.sql</c>), for messages.</summary>
    public static string FileName(SqlScript script) => script.Name[(script.Name.IndexOf(Folder, StringComparison.Ordinal) + Folder.Length)..];
}
