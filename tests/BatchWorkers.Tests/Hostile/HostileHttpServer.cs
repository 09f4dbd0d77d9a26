using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BatchWorkers.Tests.Hostile;

/// <summary>
/// An HTTP server on loopback that misbehaves on purpose, written on raw sockets so every byte and pause is the
/// test's: bodies that drip, never end or stop short, headers that never come or never end, lying lengths, and
/// redirects to internal addresses. It records every path it was asked for.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Dictionary<string, byte[]> _files;

    public HostileHttpServer(Dictionary<string, byte[]> files)
    {
        _files = files;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every request path, in arrival order.</summary>
    public ConcurrentQueue<string> Requested { get; } = new();

    /// <summary>A URL on this server through the host name <c>localhost</c> (the name a test worker may allow).</summary>
    public string Url(string path) => $"http://localhost:{Port}{path}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var path = await ReadRequestPathAsync(stream, _stop.Token);
            Requested.Enqueue(path);
            await RespondAsync(stream, path, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The worker hung up (its time or size limit): that is the point.
        }
    }

    private async Task RespondAsync(NetworkStream stream, string path, CancellationToken ct)
    {
        switch (path)
        {
            case var file when _files.TryGetValue(file, out var bytes):
                await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n", ct);
                await stream.WriteAsync(bytes, ct);
                break;
            case "/slow-drip":
                // Headers at once, then one byte per tick of a promised 100 kB: never done before the worker's limit.
                // The clock is the behaviour under test (a slow server), not a wait for something to happen.
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", ct);
                using (var drip = new PeriodicTimer(TimeSpan.FromMilliseconds(200)))
                {
                    do
                    {
                        await stream.WriteAsync("x"u8.ToArray(), ct);
                    }
                    while (await drip.WaitForNextTickAsync(ct));
                }

                break;

            case "/endless":
                // No Content-Length: the body ends when the connection does, which is never.
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n", ct);
                var zeros = new byte[64 * 1024];
                while (true)
                {
                    await stream.WriteAsync(zeros, ct);
                }

            case "/no-headers":
                await HoldOpenAsync(ct);
                break;
            case "/endless-headers":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\n", ct);
                while (true)
                {
                    await WriteAsync(stream, $"X-Filler: {new string('a', 1000)}\r\n", ct);
                }

            case "/huge-length":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 10000000000000\r\nConnection: close\r\n\r\n", ct);
                await HoldOpenAsync(ct);
                break;
            case "/cut-short":
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n", ct);
                await stream.WriteAsync(new byte[1000], ct);
                break;
            case "/redirect-to-loopback":
                await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{Port}/green.png\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
                break;
            case "/redirect-to-metadata":
                await WriteAsync(stream, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
                break;
            case "/redirect-loop":
                await WriteAsync(stream, "HTTP/1.1 302 Found\r\nLocation: /redirect-loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
                break;
            default:
                await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
                break;
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream, CancellationToken ct)
    {
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0 || request.Length > 64 * 1024)
            {
                throw new IOException("The request ended before its headers did.");
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        // "GET /path HTTP/1.1"
        return request.ToString().Split(' ', 3)[1];
    }

    private static async Task WriteAsync(NetworkStream stream, string text, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    /// <summary>Keeps the connection open, sending nothing, until the server stops or the client goes away.</summary>
    private static async Task HoldOpenAsync(CancellationToken ct)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (ct.Register(() => closed.TrySetCanceled(ct)))
        {
            await closed.Task;
        }
    }
}
