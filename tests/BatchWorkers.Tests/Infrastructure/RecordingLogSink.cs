using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>
/// A Serilog sink for a worker's logs (register it as <see cref="ILogEventSink"/> in a fixture's services): each
/// event as its message with strings unquoted, then every property's value, so a test can look for a value anywhere.
/// </summary>
public sealed class RecordingLogSink : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Format = new("{Message:l} | {Properties:l}{NewLine}{Exception}", CultureInfo.InvariantCulture);

    public ConcurrentQueue<(LogEventLevel Level, string Text)> Events { get; } = new();

    public IEnumerable<string> Warnings => Events.Where(e => e.Level >= LogEventLevel.Warning).Select(e => e.Text);

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Format.Format(logEvent, text);
        Events.Enqueue((logEvent.Level, text.ToString()));
    }
}
