using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.TextGeneration;

/// <summary>
/// Translation and summarization jobs end to end (RabbitMQ or HTTP → chunks → ONNX Runtime → PostgreSQL) on the
/// designed sample models, whose correct outputs are known in advance.
/// </summary>
public sealed class TextJobTests(TextJobTests.Fixture fixture) : IClassFixture<TextJobTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public const string Tampered = "tampered-translator";

        protected override void AddModels(string store)
        {
            TestModels.AddTextModels(store);
            Onnx.Samples.SampleTextModels.WriteTranslator(Path.Combine(store, Tampered, "1"));
        }
    }

    [Fact]
    public async Task Translate_ByMessage_EveryKindOfItemTranslatedWithTokensSettingsAndTimings()
    {
        var file = Path.Combine(fixture.InputRoot, "letter.txt");
        await File.WriteAllTextAsync(file, "Thank you very much.\nGood evening, my friend.", Encoding.UTF8); // with a byte-order mark, as Windows editors write
        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitTranslationJob
        {
            Model = TestModels.Translator,
            Items =
            [
                JobItem.FromText("Good morning, my friend. The cat is small!", "inline"),
                JobItem.FromBytes(Encoding.UTF8.GetBytes("I love coffee and tea."), "bytes"),
                JobItem.FromUri(new Uri(file).AbsoluteUri, "file"),
            ],
        });

        var accepted = await fixture.Events.AcceptedAsync(key);
        var completed = await fixture.Events.CompletedAsync(accepted.JobId);

        Assert.Equal(JobState.Succeeded, completed.State);
        var results = await fixture.ResultsAsync(accepted.JobId);
        var outputs = results.ToDictionary(r => r.Name!, r => r.Output!.Value.Deserialize<TextGenerationOutput>(BatchWorkersJson.Options)!);
        Assert.Equal("Guten Morgen, mein Freund. Die Katze ist klein!", outputs["inline"].Text);
        Assert.Equal("Ich liebe Kaffee und Tee.", outputs["bytes"].Text);
        Assert.Equal("Danke dir sehr viel.\nGuten Abend, mein Freund.", outputs["file"].Text);
        Assert.Equal(2, outputs["inline"].Segments);
        Assert.All(outputs.Values, output =>
        {
            Assert.True(output.InputTokens > 0 && output.OutputTokens > 0);
            Assert.Equal("eos", output.FinishReason);
            Assert.False(output.Truncated);
            Assert.Equal(1, output.Settings.NumBeams);
            Assert.True(output.Settings.KeyValueCache);
            Assert.True(output.Timings.GenerateMs > 0 && output.Timings.TotalMs >= output.Timings.GenerateMs);
        });
        Assert.All(results, r => Assert.Equal("1", r.ModelVersion));
    }

    [Fact]
    public async Task Summarize_ByHttp_BeamSearchOverrideIsUsedAndRecorded()
    {
        var submitted = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Summarization,
            Model = TestModels.Summarizer,
            Generation = new GenerationSettings { NumBeams = 3, NoRepeatNgramSize = 0 },
            Items =
            [
                JobItem.FromText("The city said the new service will start this year. People have to wait."),
                JobItem.FromText("Our customer has an order! It was sent on time."),
            ],
        });

        var status = await fixture.WaitForFinalAsync(submitted.Id);

        Assert.Equal(JobState.Succeeded, status.State);
        var outputs = (await fixture.ResultsAsync(submitted.Id))
            .Select(r => r.Output!.Value.Deserialize<TextGenerationOutput>(BatchWorkersJson.Options)!).ToList();
        Assert.Equal(["The city said the new service will start this year.", "Our customer has an order!"], outputs.Select(o => o.Text));
        Assert.All(outputs, o => Assert.Equal(3, o.Settings.NumBeams));
    }

    [Fact]
    public async Task Translate_BadItems_EachGetsItsSpecificErrorAndTheRestSucceed()
    {
        var items = new (object Item, string? ExpectedError)[]
        {
            (new { text = "Hello world!", name = "good" }, null),
            (new { text = "", name = "empty" }, ItemErrorCodes.EmptyInput),
            (new { text = " \n\t ", name = "whitespace" }, ItemErrorCodes.EmptyInput),
            (new { data = new byte[] { 0x48, 0x69, 0xC3, 0x28, 0xFF }, name = "invalid-utf8-bytes" }, ItemErrorCodes.TextInvalidUtf8),
            (new { text = "nul \0 inside", name = "nul" }, ItemErrorCodes.TextInvalidUtf8),
            (new { text = ">>xx<< Hello.", name = "unknown-language-code" }, ItemErrorCodes.TextInvalid),
            (new { text = "'; drop table jobs; --", name = "sql-looking" }, null),
        };
        var body = new { type = "translation", model = TestModels.Translator, items = items.Select(i => i.Item) };

        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", body, BatchWorkersJson.Options);
        response.EnsureSuccessStatusCode();
        var submitted = (await response.Content.ReadFromJsonAsync<JobStatus>(BatchWorkersJson.Options))!;
        var status = await fixture.WaitForFinalAsync(submitted.Id);

        Assert.Equal(JobState.PartiallySucceeded, status.State);
        var results = await fixture.ResultsAsync(submitted.Id);
        foreach (var (result, expected) in results.Zip(items.Select(i => i.ExpectedError), (r, e) => (r, e)))
        {
            Assert.True(expected == result.ErrorCode, $"item {result.Name}: expected {expected ?? "success"}, got {result.ErrorCode}: {result.Error}");
            Assert.Equal(expected is null, result.Succeeded);
        }

        Assert.Contains("'>>xx<<'", results.Single(r => r.Name == "unknown-language-code").Error, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from jobs where id = @id", ("id", submitted.Id)));
    }

    [Fact]
    public async Task Submit_UnknownModelByMessage_JobFailedWithTheReason()
    {
        var key = await new JobSubmitter(fixture.Bus).SubmitAsync(new SubmitSummarizationJob
        {
            Model = "no-such-summarizer",
            Items = [JobItem.FromText("Some text.")],
        });

        var failed = await fixture.Events.FailedAsync(key);

        Assert.Contains("model.not_found", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(TestModels.Summarizer, failed.Reason, StringComparison.Ordinal);
        var item = Assert.Single(await fixture.ResultsAsync(failed.JobId));
        Assert.Equal((false, "model.not_found"), (item.Succeeded, item.ErrorCode));
        Assert.Equal((1, 1), (failed.TotalItems, failed.FailedItems));
    }

    [Theory]
    [InlineData("""{ "numBeams": 10000 }""", "num_beams must be between 1 and 16")]
    [InlineData("""{ "maxNewTokens": -5 }""", "max_new_tokens must be between 1 and 1024")]
    [InlineData("""{ "maxLength": 10, "maxNewTokens": 10 }""", "not both")]
    [InlineData("""{ "minLength": 500 }""", "min_length must not exceed the maximum length")]
    public async Task Submit_AbsurdGenerationSettings_RejectedWithTheAllowedRange(string generation, string expected)
    {
        var json = $$"""{ "type": "translation", "model": "{{TestModels.Translator}}", "generation": {{generation}}, "items": [{ "text": "Hello." }] }""";

        using var response = await fixture.Http.PostAsync("api/jobs", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ImageModelForTranslation_RejectedSayingItIsNotSeq2Seq()
    {
        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", new SubmitJobRequest
        {
            Type = JobType.Translation,
            Model = TestModels.Colours,
            Items = [JobItem.FromText("Hello.")],
        }, BatchWorkersJson.Options);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not a seq2seq export", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_TextModels_RegisteredWithTheirTaskAndAFingerprintOfEveryOnnxFile()
    {
        var models = await fixture.Api.ListModelsAsync();

        Assert.Equal(JobType.Translation, models.Single(m => m.Name == TestModels.Translator).Task);
        Assert.Equal(JobType.Summarization, models.Single(m => m.Name == TestModels.Summarizer).Task);
    }

    [Fact]
    public async Task Translate_DecoderFileChangedAfterRegistration_ItemsFailWithModelIntegrity()
    {
        var decoder = Path.Combine(fixture.ModelStore, Fixture.Tampered, "1", "decoder_model_merged.onnx");
        await File.AppendAllTextAsync(decoder, "tampered");

        var submitted = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation,
            Model = Fixture.Tampered,
            Items = [JobItem.FromText("Hello world.")],
        });
        var status = await fixture.WaitForFinalAsync(submitted.Id);

        Assert.Equal(JobState.Failed, status.State);
        var result = Assert.Single(await fixture.ResultsAsync(submitted.Id));
        Assert.Equal(ItemErrorCodes.ModelIntegrity, result.ErrorCode);
        Assert.Contains("do not match the registered sha256", result.Error, StringComparison.Ordinal);
    }
}
