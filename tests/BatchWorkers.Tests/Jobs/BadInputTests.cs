using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using RabbitMQ.Client;

namespace BatchWorkers.Tests.Jobs;

/// <summary>Bad input gets a specific error where it belongs, and the worker keeps serving.</summary>
public sealed class BadInputTests(BadInputTests.Fixture fixture) : IClassFixture<BadInputTests.Fixture>
{
    /// <summary>The "unreachable" item is a closed port on loopback, which the worker refuses by default (SSRF).</summary>
    public sealed class Fixture : WorkerFixture
    {
        protected override void Configure(Dictionary<string, string> settings) => settings["Inputs:AllowPrivateNetworks"] = "true";
    }

    [Fact]
    public async Task Classify_BadItems_EachGetsItsSpecificErrorAndTheRestSucceed()
    {
        var png = TestImages.Solid(TestImages.Red);
        var corrupt = png.ToArray();
        Array.Fill(corrupt, (byte)0x5A, 8, corrupt.Length - 8);
        var insideRoot = Path.Combine(fixture.InputRoot, "green.png");
        await File.WriteAllBytesAsync(insideRoot, TestImages.Solid(TestImages.Green));
        var outside = Path.Combine(Path.GetTempPath(), $"outside-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(outside, png);
        var items = new (JobItem Item, string? ExpectedError)[]
        {
            (JobItem.FromBytes(png, "good"), null),
            (JobItem.FromBytes(corrupt, "corrupt"), ItemErrorCodes.ImageCorrupt),
            (JobItem.FromBytes(png[..(png.Length / 2)], "truncated"), ItemErrorCodes.ImageCorrupt),
            (JobItem.FromBytes([], "zero-bytes"), ItemErrorCodes.EmptyInput),
            (JobItem.FromBytes(new byte[300_000], "over-inline-limit"), ItemErrorCodes.InputTooLarge),
            (JobItem.FromBytes(TestImages.Solid(TestImages.Blue, 1200, 1000), "too-many-pixels"), ItemErrorCodes.ImageTooLarge),
            (JobItem.FromBytes("just some text"u8.ToArray(), "text"), ItemErrorCodes.ImageUnsupportedFormat),
            (JobItem.FromUri(new Uri(insideRoot).AbsoluteUri, "file-inside-root"), null),
            (JobItem.FromUri(new Uri(outside).AbsoluteUri, "file-outside-root"), ItemErrorCodes.InputNotAllowed),
            (JobItem.FromUri($"file://{fixture.InputRoot}/../../etc/passwd", "traversal"), ItemErrorCodes.InputNotAllowed),
            (JobItem.FromUri($"http://127.0.0.1:{WorkerProcess.FreePort()}/nothing.png", "unreachable"), ItemErrorCodes.InputUnreachable),
            (JobItem.FromUri("ftp://example.invalid/a.png", "bad-scheme"), ItemErrorCodes.InputInvalid),
            (JobItem.FromUri("/etc/passwd", "bare-path"), ItemErrorCodes.InputInvalid),
            (new JobItem { Text = "two sources", Data = png, Name = "two-sources" }, ItemErrorCodes.InputInvalid),
        };

        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Items = items.Select(i => i.Item).ToList(),
        });
        var status = await fixture.WaitForFinalAsync(job.Id);
        var results = await fixture.ResultsAsync(job.Id);
        File.Delete(outside);

        Assert.Equal(JobState.PartiallySucceeded, status.State);
        Assert.Equal(items.Length, results.Count);
        foreach (var result in results)
        {
            Assert.True(items[result.Index].ExpectedError == result.ErrorCode,
                $"{result.Name}: expected {items[result.Index].ExpectedError ?? "success"}, got {result.ErrorCode}: {result.Error}");
            Assert.True(result.Succeeded == (result.ErrorCode is null));
            Assert.True(result.Succeeded || !string.IsNullOrWhiteSpace(result.Error), $"{result.Name} has no message");
        }
    }

    [Fact]
    public async Task MalformedMessage_GoesToErrorQueue_AndTheWorkerKeepsServing()
    {
        var factory = new ConnectionFactory
        {
            HostName = TestServices.RabbitHost, Port = TestServices.RabbitPort, VirtualHost = fixture.VirtualHost.Name,
            UserName = TestServices.RabbitUser, Password = TestServices.RabbitPassword,
        };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("submit-image-classification", "", mandatory: false, properties, Encoding.UTF8.GetBytes("{\"message\": {\"model\": 42, \"items\": \"oops\""));
        }

        await Eventually.HoldsAsync(async () => await MessagesInAsync("submit-image-classification_error") >= 1, "the malformed message in the error queue");
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Blue))],
        });

        Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id)).State);
    }

    [Fact]
    public async Task ChunkThatKeepsFailing_LandsInErrorQueue_AndItsItemsRecordTheReason()
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Misconfigured,
            Items = [.. Enumerable.Range(0, 6).Select(_ => JobItem.FromBytes(TestImages.Solid(TestImages.Red)))],
        });

        var status = await fixture.WaitForFinalAsync(job.Id);
        var results = await fixture.ResultsAsync(job.Id);

        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal(ItemErrorCodes.ChunkFailed, r.ErrorCode));
        Assert.All(results, r => Assert.Contains("OnnxRuntimeException", r.Error, StringComparison.Ordinal));
        // Queue statistics refresh every few seconds, so wait for them rather than read them once.
        await Eventually.HoldsAsync(async () => await MessagesInAsync("classify-images_error") >= 2, "both chunks in the error queue");
    }

    private async Task<int> MessagesInAsync(string queue)
    {
        using var response = await fixture.VirtualHost.GetAsync($"queues/{{vhost}}/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt32() : 0;
    }
}
