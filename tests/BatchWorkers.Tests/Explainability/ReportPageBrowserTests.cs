using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using SkiaSharp;

namespace BatchWorkers.Tests.Explainability;

/// <summary>
/// Image jobs with explain get saliency reports (occlusion and RISE heatmaps with faithfulness), and the report pages
/// show them and a translation's highlighted tokens in a real browser (headless Chromium); screenshots are kept.
/// </summary>
public sealed class ReportPageBrowserTests(ReportPageBrowserTests.Fixture fixture) : IClassFixture<ReportPageBrowserTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store) => TestModels.AddTextModels(store);
    }

    [Fact]
    public async Task ClassifyWithExplain_SaliencyReportsWithHeatmapsAndFaithfulness()
    {
        var job = await ExplainedImageJobAsync();
        var explanation = await fixture.Api.GetExplanationAsync(job.Id, 0);

        Assert.Equal(("saliency", "done"), (explanation.Kind, explanation.State));
        Assert.Equal(["heatmap-occlusion.png", "heatmap-rise.png"], explanation.Assets);
        foreach (var method in new[] { "occlusion", "rise" })
        {
            var report = explanation.Report!.Value.GetProperty(method);
            Assert.True(report.GetProperty("evaluations").GetInt32() <= 100, $"{method}: {report}");
            using var heatmap = SKBitmap.Decode(await fixture.Api.GetExplanationAssetAsync(job.Id, 0, $"heatmap-{method}.png"));
            Assert.Equal((96, 64), (heatmap.Width, heatmap.Height));
        }
    }

    [Fact]
    public async Task ReportPages_InHeadlessChromium_ShowTheOverlayAndTheHighlightedTokens()
    {
        var image = await ExplainedImageJobAsync();
        var text = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 40 },
            Items = [JobItem.FromText("Good morning, my friend.")],
        });
        await WaitForReportsAsync(text.Id);
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "report-pages")).FullName;

        var imagePage = await HeadlessChromium.DumpDomAsync(new Uri(fixture.Worker.Address, $"reports/jobs/{image.Id}/items/0"));
        var textPage = await HeadlessChromium.DumpDomAsync(new Uri(fixture.Worker.Address, $"reports/jobs/{text.Id}/items/0"));
        var tokens = await HeadlessChromium.DumpDomAsync(new Uri(fixture.Worker.Address, $"api/jobs/{text.Id}/items/0/explanation/tokens.html"));
        var screenshot = await HeadlessChromium.ScreenshotAsync(
            new Uri(fixture.Worker.Address, $"reports/jobs/{image.Id}/items/0"), Path.Combine(artifacts, "saliency-report.png"));
        await HeadlessChromium.ScreenshotAsync(new Uri(fixture.Worker.Address, $"reports/jobs/{text.Id}/items/0"), Path.Combine(artifacts, "tokens-report.png"));

        Assert.Contains("heatmap-occlusion.png", imagePage, StringComparison.Ordinal);
        Assert.Contains("<img", imagePage, StringComparison.Ordinal);
        Assert.Contains("tokens.html", textPage, StringComparison.Ordinal);
        Assert.Contains("background", tokens, StringComparison.Ordinal);
        Assert.Contains("morning", tokens, StringComparison.Ordinal);
        using var shot = SKBitmap.Decode(screenshot);
        // The page rendered more than text on white: the heatmaps' colours.
        var colours = Enumerable.Range(0, 80 * 80).Select(i => shot.GetPixel(i % 80 * shot.Width / 80, i / 80 * shot.Height / 80)).Distinct().Count();
        Assert.True(colours > 10, $"the screenshot {screenshot} shows only {colours} colours");
    }

    private async Task<JobStatus> ExplainedImageJobAsync()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Explain = new ExplainSettings { Mode = ExplainMode.All, Budget = 200 },
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red, 96, 64))],
        });
        await WaitForReportsAsync(job.Id);
        return job;
    }

    private Task WaitForReportsAsync(Guid jobId) => Eventually.HoldsAsync(
        async () => (await fixture.Api.GetJobAsync(jobId)).Explanations is { Done: 1 }, $"the report of job {jobId}", TimeSpan.FromMinutes(2));
}
