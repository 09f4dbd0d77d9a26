using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace BatchWorkers.Tests.Hostile;

/// <summary>
/// The hostile-input suite: every case of <see cref="HostileCases"/> gets a specific error on its item or job and
/// affects nothing else (a good item beside each hostile one succeeds, a valid message after each malformed one is
/// consumed), and after all of them the worker still serves every job type.
/// </summary>
[TestCaseOrderer(RunLastOrderer.TypeName, RunLastOrderer.AssemblyName)]
public sealed class HostileInputTests(HostileInputTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<HostileInputTests.Fixture>
{
    /// <summary>
    /// The worker as deployed (SSRF protection on, default size limits) but with short fetch limits, and a
    /// misbehaving HTTP server that only the host name <c>localhost</c> may reach.
    /// </summary>
    public sealed class Fixture : WorkerFixture, IAsyncLifetime
    {
        public HostileHttpServer Server { get; private set; } = null!;
        public string OutsideFolder { get; } = Directory.CreateTempSubdirectory("bw-outside-").FullName;
        public string OutsideFile => Path.Combine(OutsideFolder, "outside.png");

        public string File(string name) => Path.Combine(InputRoot, name);

        protected override void AddModels(string store) => TestModels.AddTextModels(store);

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["Inputs:AllowedHosts:0"] = "localhost";
            settings["Inputs:FetchTimeout"] = "00:00:02";
            settings["Inputs:MaxFetchBytes"] = "12000000";
            settings["Inputs:MaxInlineBytes"] = (10 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["ImageClassification:MaxPixels"] = "50000000";
        }

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            var green = TestImages.Solid(TestImages.Green);
            Server = new HostileHttpServer(new() { ["/green.png"] = green });
            await System.IO.File.WriteAllBytesAsync(File("green.png"), green);
            await System.IO.File.WriteAllBytesAsync(OutsideFile, TestImages.Solid(TestImages.Red));
            await System.IO.File.WriteAllTextAsync(File("ten-megabytes.txt"), string.Concat(Enumerable.Repeat("Good morning. ", 10_000_000 / 14)));
            System.IO.File.CreateSymbolicLink(File("link-to-outside.png"), OutsideFile);
            Directory.CreateSymbolicLink(File("linked-folder"), OutsideFolder);
            System.IO.File.CreateSymbolicLink(File("loop-a"), File("loop-b"));
            System.IO.File.CreateSymbolicLink(File("loop-b"), File("loop-a"));
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await Server.DisposeAsync();
            await DisposeAsync();
            Directory.Delete(OutsideFolder, recursive: true);
        }

        public Task<IConnection> ConnectRabbitAsync() => new ConnectionFactory
        {
            HostName = TestServices.RabbitHost, Port = TestServices.RabbitPort, VirtualHost = VirtualHost.Name,
            UserName = TestServices.RabbitUser, Password = TestServices.RabbitPassword,
        }.CreateConnectionAsync();

        public async Task<string?> TextAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Db.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return (string?)await command.ExecuteScalarAsync();
        }

        public async Task<Guid?> ScalarGuidAsync(string sql, params (string Name, object Value)[] parameters)
        {
            await using var command = Db.CreateCommand(sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return (Guid?)await command.ExecuteScalarAsync();
        }
    }

    public static TheoryData<string> ItemCases => new(HostileCases.Items.Select(c => c.Name));

    public static TheoryData<string> RequestCases => new(HostileCases.Requests.Select(c => c.Name));

    public static TheoryData<string> MessageCases => new(HostileCases.Messages.Select(c => c.Name));

    public static TheoryData<string> BusJobCases => new(HostileCases.BusJobs.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ItemCases))]
    public async Task Item_GetsItsSpecificError_AndTheGoodItemBesideItSucceeds(string name)
    {
        var hostile = HostileCases.Items.Single(c => c.Name == name);
        var (type, model, goodItem, goodOutput) = Good(hostile.Type);
        var body = $$"""{ "type": "{{type}}", "model": "{{model}}", "items": [{{hostile.Item(fixture)}}, {{goodItem}}] }""";

        using var response = await fixture.Http.PostAsync("api/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
        var job = (await response.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options))!;
        var status = await fixture.WaitForFinalAsync(job.Id);
        var results = await fixture.ResultsAsync(job.Id);

        var result = results.Single(r => r.Index == 0);
        output.WriteLine($"{name}: {result.ErrorCode ?? "success"}: {result.Error ?? OutputText(result)}");
        Assert.True(hostile.Expected == result.ErrorCode, $"{name}: expected {hostile.Expected ?? "success"}, got {result.ErrorCode ?? "success"}: {result.Error}");
        Assert.True(result.Succeeded || !string.IsNullOrWhiteSpace(result.Error), $"{name}: no message with the error");
        var good = results.Single(r => r.Index == 1);
        Assert.True(good.Succeeded, $"{name}: the good item beside it failed: {good.ErrorCode}: {good.Error}");
        Assert.Equal(goodOutput, OutputText(good));
        Assert.Equal(hostile.Expected is null ? JobState.Succeeded : JobState.PartiallySucceeded, status.State);
        if (hostile.Verify is not null)
        {
            await hostile.Verify(fixture, job.Id, result);
        }
    }

    [Theory]
    [MemberData(nameof(RequestCases))]
    public async Task Request_IsAnsweredWithASpecificStatusAndDetail(string name)
    {
        var hostile = HostileCases.Requests.Single(c => c.Name == name);

        using var response = await fixture.Http.PostAsync("api/jobs", new StringContent(hostile.Body, Encoding.UTF8, hostile.ContentType));
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{name}: {(int)response.StatusCode}: {Shorten(text)}");

        Assert.True(hostile.Status == response.StatusCode, $"{name}: expected {(int)hostile.Status}, got {(int)response.StatusCode}: {Shorten(text)}");
        if (hostile.Verify is null)
        {
            var detail = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("detail").GetString();
            Assert.True(detail?.Contains(hostile.Detail, StringComparison.Ordinal) == true, $"{name}: detail '{detail}' does not say '{hostile.Detail}'");
        }
        else
        {
            var job = JsonSerializer.Deserialize<JobStatus>(text, BatchWorkersJson.Options)!;
            Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id)).State);
            await hostile.Verify(fixture, job);
        }
    }

    [Theory]
    [MemberData(nameof(MessageCases))]
    public async Task Message_LandsInItsQueue_AndTheNextValidMessageIsServed(string name)
    {
        var hostile = HostileCases.Messages.Single(c => c.Name == name);
        var body = hostile.Body(Guid.NewGuid().ToString("N"));
        await using var connection = await fixture.ConnectRabbitAsync();
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { MessageId = Guid.NewGuid().ToString(), ContentType = hostile.ContentType };
            await channel.BasicPublishAsync(hostile.Exchange, "", mandatory: false, properties, body);
        }

        var (queue, fault) = await Eventually.ReturnsAsync(
            () => FindAsync(connection, [hostile.Exchange + "_error", hostile.Exchange + "_skipped"], body), found => found.Queue is not null,
            $"{name} in an error or skipped queue");
        output.WriteLine($"{name}: {queue}: {fault}");
        Assert.Equal(hostile.Exchange + hostile.LandsIn, queue);
        Assert.False(string.IsNullOrWhiteSpace(fault), $"{name}: no MT-Fault-Message header saying why");

        var key = $"after-{name}-{Guid.NewGuid():N}";
        object next = hostile.Exchange == "submit-translation"
            ? new SubmitTranslationJob { Model = TestModels.Translator, IdempotencyKey = key, Items = [JobItem.FromText("Good morning.")] }
            : new SubmitImageClassificationJob { Model = TestModels.Colours, IdempotencyKey = key, Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))] };
        await fixture.Bus.Publish(next);
        var accepted = await fixture.Events.AcceptedAsync(key);
        Assert.Equal(JobState.Succeeded, (await fixture.Events.CompletedAsync(accepted.JobId)).State);
    }

    [Theory]
    [MemberData(nameof(BusJobCases))]
    public async Task BusJob_FailsWithItsReason(string name)
    {
        var hostile = HostileCases.BusJobs.Single(c => c.Name == name);
        var key = $"{name}-{Guid.NewGuid():N}";

        await fixture.Bus.Publish(hostile.Message(key));
        var failed = await Eventually.ReturnsAsync(
            () => Task.FromResult(fixture.Events.Failed.FirstOrDefault(e => e.IdempotencyKey == key)), e => e is not null, $"JobFailed for {name}",
            TimeSpan.FromSeconds(30));

        output.WriteLine($"{name}: {failed!.Reason}");
        Assert.True(failed.Reason.Contains(hostile.Reason, StringComparison.Ordinal), $"{name}: reason '{failed.Reason}' does not say '{hostile.Reason}'");
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where idempotency_key = @key and state = 'Failed'", ("key", key)));
    }

    [Fact]
    [RunLast]
    public async Task AfterEveryHostileInput_TheWorkerStillServesEveryJobType()
    {
        var images = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = TestModels.Colours,
            Items = [.. TestImages.Mixed(6).Select(i => JobItem.FromBytes(i.Bytes, i.Label))],
        });
        var translation = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = TestModels.Translator, Items = [JobItem.FromText("Good morning, my friend.")],
        });
        var summary = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Summarization, Model = TestModels.Summarizer, Items = [JobItem.FromText("The cat is small. It sleeps.")],
        });

        foreach (var job in new[] { images, translation, summary })
        {
            Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id)).State);
        }

        Assert.All(await fixture.ResultsAsync(images.Id), r => Assert.Equal(r.Name, OutputText(r)));
        Assert.Equal("Guten Morgen, mein Freund.", OutputText((await fixture.ResultsAsync(translation.Id)).Single()));
        Assert.Equal("The cat is small.", OutputText((await fixture.ResultsAsync(summary.Id)).Single()));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from jobs where finished_at is null"));
        Assert.True(await fixture.ScalarAsync("select count(*) from item_results") > 0);
        Assert.DoesNotContain(HostileCases.SecretPath, fixture.Server.Requested);
        using var ready = await fixture.Http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static (string Type, string Model, string Item, string Output) Good(JobType type) => type switch
    {
        JobType.ImageClassification => ("image-classification", TestModels.Colours,
            JsonSerializer.Serialize(new { data = TestImages.Solid(TestImages.Green) }), "green"),
        JobType.Translation => ("translation", TestModels.Translator, """{ "text": "Good morning, my friend." }""", "Guten Morgen, mein Freund."),
        _ => ("summarization", TestModels.Summarizer, """{ "text": "The cat is small. It sleeps." }""", "The cat is small."),
    };

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    // The top label of a classification, or the text of a translation or summary.
    private static string? OutputText(ItemResult result) =>
        result.Output?.TryGetProperty("topK", out var top) == true ? top[0].GetProperty("label").GetString()
            : result.Output?.GetProperty("text").GetString();

    // The queue the message with exactly this body is in, taking it out; other messages there are from cases already done.
    private static async Task<(string? Queue, string? Fault)> FindAsync(IConnection connection, string[] queues, byte[] body)
    {
        foreach (var queue in queues)
        {
            try
            {
                await using var channel = await connection.CreateChannelAsync();
                while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
                {
                    if (message.Body.Span.SequenceEqual(body))
                    {
                        var fault = message.BasicProperties.Headers?.TryGetValue("MT-Fault-Message", out var value) == true ? value : null;
                        return (queue, fault is byte[] bytes ? Encoding.UTF8.GetString(bytes) : fault?.ToString());
                    }
                }
            }
            catch (OperationInterruptedException)
            {
                // The queue does not exist (yet).
            }
        }

        return (null, null);
    }
}
