using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MassTransit;

namespace BatchWorkers.Worker.Operations.Messaging;

/// <summary>
/// AMQPS from <see cref="RabbitMqOptions"/>: the server name to verify, an optional private CA that replaces the
/// system's roots (as Npgsql's <c>Root Certificate</c> does for PostgreSQL), and an optional client certificate.
/// </summary>
public static class RabbitMqTls
{
    public static void Configure(IRabbitMqSslConfigurator ssl, RabbitMqOptions options, ILogger logger)
    {
        ssl.ServerName = options.TlsServerName ?? options.Host;
        if (options.TlsCaCertificate is { } caPath)
        {
            ssl.CertificateValidationCallback = TrustOnly(caPath, ssl.ServerName, logger);
        }

        if (options.TlsClientCertificate is { } certificatePath && options.TlsClientKey is { } keyPath)
        {
            ssl.Certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
    }

    /// <summary>Accepts a server certificate only when it names <paramref name="serverName"/> and chains to the CA in <paramref name="caPath"/>.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(string caPath, string serverName, ILogger logger)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caPath);
        return (_, certificate, chain, errors) => Validate(certificate, chain, errors, roots, serverName, caPath, logger);
    }

    private static bool Validate(
        X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots,
        string serverName, string caPath, ILogger logger)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            logger.LogError(
                "RabbitMQ TLS: the broker's certificate {Subject} is not valid for {ServerName} (set RabbitMq:TlsServerName to a name it carries)",
                certificate?.Subject, serverName);
            return false;
        }

        // Only the configured CA counts, whatever the system trusts: build the chain again against it alone.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        using var leaf = new X509Certificate2(certificate);
        if (custom.Build(leaf))
        {
            return true;
        }

        logger.LogError(
            "RabbitMQ TLS: the broker's certificate {Subject} (issuer {Issuer}) does not chain to the CA in RabbitMq:TlsCaCertificate ({CaPath}): {ChainStatus}",
            leaf.Subject, leaf.Issuer, caPath, string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim())));
        return false;
    }
}
