using System.Net.Http.Json;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace BatchWorkers.Tests.Operations;

/// <summary>A message over RabbitMq:MaxMessageBytes goes to the error queue unread; smaller ones are served as usual.</summary>
public sealed class MessageSizeTests(MessageSizeTests.Fixture fixture) : IClassFixture<MessageSizeTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public const int MaxMessageBytes = 64 * 1024;

        public RecordingLogSink Logs { get; } = new();

        protected override void Configure(Dictionary<string, string> settings) =>
            settings["RabbitMq:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Logs);
    }

    [Fact]
    public async Task OversizedSubmission_GoesToErrorQueueUnread_SmallOneAccepted()
    {
        var submitter = new JobSubmitter(fixture.Bus);
        var oversized = await submitter.SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours,
            Items = [JobItem.FromBytes(new byte[Fixture.MaxMessageBytes + 1], "too-big-for-a-message")],
        });
        var small = await submitter.SubmitAsync(new SubmitImageClassificationJob
        {
            Model = TestModels.Colours,
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });

        await fixture.Events.AcceptedAsync(small);
        await Eventually.HoldsAsync(async () => await MessagesInAsync("submit-image-classification_error") >= 1, "the oversized message in the error queue");
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from jobs where idempotency_key = @key", ("key", oversized)));
        Assert.Contains(fixture.Logs.Warnings, w => w.Contains("over RabbitMq:MaxMessageBytes", StringComparison.Ordinal));
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
