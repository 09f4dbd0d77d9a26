using System.Globalization;
using System.Text;
using BatchWorkers.Benchmarks.Measurements;
using Spectre.Console;
using static BatchWorkers.Benchmarks.Reporting.Cells;

namespace BatchWorkers.Benchmarks.Reporting;

/// <summary>A titled table, rendered to the console with Spectre.Console or to a file as Markdown.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The benchmark's results as tables: headline ratio, where the time goes, every run, and the machine.</summary>
public static class BenchReport
{
    public const double Goal = 0.8;

    public static IReadOnlyList<ReportTable> Build(IReadOnlyList<ModelResult> results, MachineInfo machine) =>
    [
        new("End to end vs raw ONNX Runtime (medians of the runs; best run in brackets)",
            ["Model", "GMAC/image", "Input", "Images", "Batch", "Raw ORT images/s", "End-to-end images/s", "Ratio", $"Goal ≥ {Goal:0.0}", "In-process pipeline images/s"],
            results.Select(r => Row(
                r.Model.Name, F(r.Model.GigaMacsPerImage, "0.00"), $"{r.Model.InputSize}×{r.Model.InputSize}", I(r.Images), I(r.BatchSize),
                $"{F(r.RawImagesPerSecond, "0.0")} ({F(r.BestRawImagesPerSecond, "0.0")})",
                $"{F(r.EndToEndImagesPerSecond, "0.0")} ({F(r.BestEndToEndImagesPerSecond, "0.0")})",
                $"{F(r.Ratio, "0.00")} ({F(r.BestRatio, "0.00")})",
                r.Ratio >= Goal ? "met" : "missed", F(r.PipelineImagesPerSecond, "0.0"))).ToList()),
        new("Where the end-to-end time goes (medians)",
            ["Model", "Inference ms/image", "Decode ms/image", "Resize+normalise ms/image", "End-to-end ms/image",
                "Intake s", "Processing s", "of which pipeline s", "of which chunk I/O s", "Poll tail s"],
            results.Select(r => Row(
                r.Model.Name, F(r.InferenceMsPerImage, "0.00"), F(r.DecodeMsPerImage, "0.00"), F(r.TensorizeMsPerImage, "0.00"),
                F(r.EndToEndMsPerImage, "0.00"), F(r.IntakeSeconds, "0.00"), F(r.ProcessingSeconds, "0.00"),
                F(r.PipelineSeconds, "0.00"),
                // With ImageClassification:ConcurrentChunks > 1 chunks overlap, and their summed durations exceed the wall time.
                r.ChunkOverheadSeconds >= 0 ? F(r.ChunkOverheadSeconds, "0.00") : "n/a (chunks overlap)", F(r.TailSeconds, "0.00"))).ToList()),
        new("Every run",
            ["Model", "Run", "Raw ORT images/s", "In-process pipeline images/s", "End-to-end images/s", "Ratio", "End-to-end s",
                "CPU raw", "CPU pipeline", "CPU end to end"],
            results.SelectMany(r => r.Runs.Select(run => Row(
                r.Model.Name, I(run.Run), F(run.Raw.ImagesPerSecond, "0.0"), F(run.Pipeline.ImagesPerSecond, "0.0"),
                F(run.EndToEnd.ImagesPerSecond, "0.0"), F(run.EndToEnd.ImagesPerSecond / run.Raw.ImagesPerSecond, "0.00"),
                F(run.EndToEnd.Elapsed.TotalSeconds, "0.00"), P(run.Raw.CpuShare), P(run.Pipeline.CpuShare), P(run.EndToEnd.CpuShare)))).ToList()),
        new("Models and inputs",
            ["Model", "Compute", "Layers", "GMAC/image", "Images", "Average JPEG bytes"],
            results.Select(r => Row(
                r.Model.Name, r.Model.Description, r.Model.Layout, F(r.Model.GigaMacsPerImage, "0.00"),
                $"{I(r.Images)} × {r.ImageWidth}×{r.ImageHeight} JPEG q{Workload.BenchImages.Quality}",
                F(r.AverageImageBytes, "0"))).ToList()),
        new("Machine", ["Property", "Value"], machine.Rows().Select(m => Row(m.Name, m.Value)).ToList()),
    ];

    public static void Write(IAnsiConsole console, IEnumerable<ReportTable> tables)
    {
        foreach (var report in tables)
        {
            var table = new Table().Title($"[bold]{Markup.Escape(report.Title)}[/]");
            foreach (var column in report.Columns)
            {
                table.AddColumn(new TableColumn(Markup.Escape(column)));
            }

            foreach (var row in report.Rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            console.Write(table);
            console.WriteLine();
        }
    }

    public static string ToMarkdown(IEnumerable<ReportTable> tables)
    {
        var markdown = new StringBuilder();
        foreach (var table in tables)
        {
            markdown.Append("#### ").AppendLine(table.Title).AppendLine();
            markdown.Append("| ").AppendJoin(" | ", table.Columns).AppendLine(" |");
            markdown.Append('|').AppendJoin('|', table.Columns.Select(_ => "---")).AppendLine("|");
            foreach (var row in table.Rows)
            {
                markdown.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }
}
