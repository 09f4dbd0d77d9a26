using System.Globalization;
using System.Text.Json;
using BatchWorkers.Contracts;
using Spectre.Console;

namespace BatchWorkers.Cli;

/// <summary>How jobs, states and times look in <c>bw</c>'s output. Every value from the worker is markup-escaped.</summary>
internal static class Display
{
    /// <summary>The enum as the API spells it: <c>image-classification</c>, <c>partially-succeeded</c>.</summary>
    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonSerializer.Serialize(value, BatchWorkersJson.Options).Trim('"');

    public static string State(JobState state) => state switch
    {
        JobState.Succeeded => $"[green]{Wire(state)}[/]",
        JobState.PartiallySucceeded => $"[yellow]{Wire(state)}[/]",
        JobState.Failed => $"[red]{Wire(state)}[/]",
        JobState.Cancelled => $"[grey]{Wire(state)}[/]",
        JobState.Running => $"[blue]{Wire(state)}[/]",
        _ => Wire(state),
    };

    public static string Progress(JobStatus job) =>
        string.Create(CultureInfo.InvariantCulture, $"{job.CompletedItems}/{job.TotalItems} ({job.Progress * 100:0}%)");

    public static string Counts(JobStatus job) => job.FailedItems == 0
        ? $"{job.SucceededItems} succeeded"
        : $"{job.SucceededItems} succeeded, [red]{job.FailedItems} failed[/]";

    public static string Model(JobStatus job) => Markup.Escape(job.ModelVersion is null ? job.Model : $"{job.Model}@{job.ModelVersion}");

    public static string Time(DateTimeOffset? time, TimeProvider clock) => time is { } value
        ? TimeZoneInfo.ConvertTime(value, clock.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "-";

    public static string Escape(string? text) => Markup.Escape(text ?? "");
}
