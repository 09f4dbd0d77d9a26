using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Operations.Messaging;

/// <summary>Section <c>RabbitMq</c>. The password is never logged.</summary>
public sealed class RabbitMqOptions
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

    /// <summary>Use TLS for AMQP. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Largest message body the worker will consume; a larger one goes to its queue's <c>_error</c> queue unread.
    /// Default 128 MiB, RabbitMQ 3's own <c>max_message_size</c> (RabbitMQ 4 defaults to 16 MiB, and the broker's
    /// limit applies first: a publisher's larger message is refused by the broker).
    /// </summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 128L * 1024 * 1024;
}
