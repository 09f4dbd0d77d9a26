using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Messaging;

/// <summary>Section <c>RabbitMq</c>. The password is never logged.</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    /// <summary>Default <c>localhost</c>.</summary>
    [Required]
    public string Host { get; set; } = "localhost";

    /// <summary>Default 5672.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary>Default <c>/</c>.</summary>
    [Required]
    public string VirtualHost { get; set; } = "/";

    /// <summary>Default <c>guest</c> (which RabbitMQ only accepts from localhost).</summary>
    [Required]
    public string Username { get; set; } = "guest";

    /// <summary>Default <c>guest</c>.</summary>
    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>Use TLS for AMQP (AMQPS; the broker's TLS port, usually 5671). Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>The name the broker's certificate must carry. Default: <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// PEM file of the CA (or CAs) the broker's certificate must chain to, instead of the system's trusted roots,
    /// e.g. a mounted Kubernetes secret's <c>ca.crt</c>. Default: none (the system's roots).
    /// </summary>
    public string? TlsCaCertificate { get; set; }

    /// <summary>PEM file of a client certificate to present, for brokers that verify peers. Default: none.</summary>
    public string? TlsClientCertificate { get; set; }

    /// <summary>PEM file of that certificate's private key, unencrypted (e.g. <c>tls.key</c>). Default: none.</summary>
    public string? TlsClientKey { get; set; }

    /// <summary>
    /// Largest message body the worker will consume; a larger one goes to its queue's <c>_error</c> queue unread.
    /// Default 128 MiB, RabbitMQ 3's own <c>max_message_size</c> (RabbitMQ 4 defaults to 16 MiB, and the broker's
    /// limit applies first: a publisher's larger message is refused by the broker).
    /// </summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 128L * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UseTls && (TlsServerName ?? TlsCaCertificate ?? TlsClientCertificate ?? TlsClientKey) is not null)
        {
            yield return new ValidationResult("RabbitMq:Tls* settings need RabbitMq:UseTls=true.", [nameof(UseTls)]);
        }

        if ((TlsClientCertificate is null) != (TlsClientKey is null))
        {
            yield return new ValidationResult(
                "RabbitMq:TlsClientCertificate and RabbitMq:TlsClientKey go together: set both or neither.",
                [nameof(TlsClientCertificate), nameof(TlsClientKey)]);
        }

        foreach (var (key, path) in new[] { (nameof(TlsCaCertificate), TlsCaCertificate), (nameof(TlsClientCertificate), TlsClientCertificate), (nameof(TlsClientKey), TlsClientKey) })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return new ValidationResult($"RabbitMq:{key}: file {path} not found.", [key]);
            }
        }
    }
}
