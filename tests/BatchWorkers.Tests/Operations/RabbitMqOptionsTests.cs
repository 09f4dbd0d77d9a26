using System.ComponentModel.DataAnnotations;
using BatchWorkers.Worker.Operations.Messaging;

namespace BatchWorkers.Tests.Operations;

/// <summary>TLS settings that could not take effect stop the worker at start-up, named, instead of being ignored.</summary>
public sealed class RabbitMqOptionsTests
{
    [Fact]
    public void TlsSettings_WithoutUseTls_AreRefused()
    {
        var errors = Validate(new RabbitMqOptions { TlsServerName = "rabbitmq.internal" });

        Assert.Contains(errors, e => e.Contains("RabbitMq:UseTls=true", StringComparison.Ordinal));
    }

    [Fact]
    public void ClientCertificate_WithoutItsKey_IsRefused()
    {
        using var file = new TempFile();
        var errors = Validate(new RabbitMqOptions { UseTls = true, TlsClientCertificate = file.Path });

        Assert.Contains(errors, e => e.Contains("set both or neither", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingCaFile_IsRefused_NamingTheKeyAndPath()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.crt");
        var errors = Validate(new RabbitMqOptions { UseTls = true, TlsCaCertificate = path });

        Assert.Contains($"RabbitMq:TlsCaCertificate: file {path} not found.", errors);
    }

    [Fact]
    public void CompleteTlsSettings_AreAccepted()
    {
        using var ca = new TempFile();
        using var certificate = new TempFile();
        using var key = new TempFile();

        Assert.Empty(Validate(new RabbitMqOptions
        {
            UseTls = true, TlsServerName = "rabbitmq.internal", TlsCaCertificate = ca.Path,
            TlsClientCertificate = certificate.Path, TlsClientKey = key.Path,
        }));
    }

    private static List<string> Validate(RabbitMqOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
