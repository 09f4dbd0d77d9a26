using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>
/// The TLS side of the test services, from the BW_*_TLS_* variables that scripts/services.sh exports when its
/// private instances offer TLS. Without them the TLS tests are skipped, saying how to get them.
/// </summary>
public static class TestTls
{
    public static string? PostgresCa => Optional("BW_PG_TLS_CA");
    public static int? RabbitPort => Optional("BW_RABBIT_TLS_PORT") is { } port ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : null;
    public static string? RabbitCa => Optional("BW_RABBIT_TLS_CA");
    public static string? RabbitClientCertificate => Optional("BW_RABBIT_TLS_CLIENT_CERT");
    public static string? RabbitClientKey => Optional("BW_RABBIT_TLS_CLIENT_KEY");

    public static bool Available => PostgresCa is not null && RabbitPort is not null && RabbitCa is not null;

    public static string SkipReason =>
        "No TLS offered: BW_PG_TLS_CA, BW_RABBIT_TLS_PORT and BW_RABBIT_TLS_CA are not all set. ./test.sh sets them from "
        + "the private instances of scripts/services.sh (an instance started before they offered TLS needs "
        + "`scripts/services.sh down && scripts/services.sh up`); for services of your own, set them to the CA file that "
        + "signed each server's certificate and RabbitMQ's AMQPS port.";

    /// <summary>Writes a CA that signed nothing the services present, as PEM, for the refusal tests.</summary>
    public static string WriteUnrelatedCa(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Unrelated test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var path = Path.Combine(folder, "unrelated-ca.crt");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    private static string? Optional(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
