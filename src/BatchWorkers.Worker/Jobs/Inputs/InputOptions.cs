using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Jobs.Inputs;

/// <summary>Section <c>Inputs</c>: where items may come from and how big they may be.</summary>
public sealed class InputOptions
{
    public const string Section = "Inputs";

    /// <summary>Largest inline item (bytes in the message or request). Default 10 MiB.</summary>
    [Range(1, 256 * 1024 * 1024)]
    public int MaxInlineBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest item fetched from a URL or file. Default 50 MiB.</summary>
    [Range(1, int.MaxValue)]
    public long MaxFetchBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Longest inline text. Default 1,000,000 characters.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextChars { get; set; } = 1_000_000;

    /// <summary><c>file://</c> items must resolve under this folder; null (the default) refuses all files.</summary>
    public string? FileRoot { get; set; }

    /// <summary>Time allowed for one HTTP fetch, body included. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Let item URLs reach loopback, private, link-local, CGNAT and other non-public addresses. Default false: such
    /// addresses are refused (SSRF protection), after DNS resolution and on every redirect.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Hosts whose URLs may reach non-public addresses although <see cref="AllowPrivateNetworks"/> is false, for an
    /// intranet image server: exact names (<c>images.corp.example</c>), <c>*.corp.example</c> for subdomains, or IP
    /// addresses as written in the URL. Default: none.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Items of one chunk read at once when they are URLs or files. Default 8.</summary>
    [Range(1, 64)]
    public int ConcurrentReads { get; set; } = 8;
}
