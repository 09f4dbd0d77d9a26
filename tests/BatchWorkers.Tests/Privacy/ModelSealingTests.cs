using System.Net;
using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Onnx.Samples;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Model files encrypted at rest with the data keys: the worker decrypts them in memory and checks the registry's
/// sha256 of the plain bytes; a sealed file that was altered is refused like a tampered plain one.
/// </summary>
public sealed class ModelSealingTests(ModelSealingTests.Fixture fixture) : IClassFixture<ModelSealingTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        protected override void AddModels(string store)
        {
            SampleModels.WriteColourClassifier(Path.Combine(store, "sealed-colours", "1"));
            SampleTextModels.WriteTranslator(Path.Combine(store, "sealed-translator", "1"));
            SampleModels.WriteColourClassifier(Path.Combine(store, "altered-colours", "1"));
        }

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["Encryption:Keys:k1"] = EncryptionAtRestTests.Fixture.Key1;
            settings["Encryption:ActiveKeyId"] = "k1";
        }
    }

    [Fact]
    public async Task SealedClassifier_FileHoldsNoPlainModel_JobsStillRun()
    {
        await SealAsync("sealed-colours");
        var folder = Path.Combine(fixture.ModelStore, "sealed-colours", "1");

        Assert.False(File.Exists(Path.Combine(folder, "model.onnx")));
        var sealedBytes = await File.ReadAllBytesAsync(Path.Combine(folder, "model.onnx.sealed"));
        Assert.DoesNotContain("pixel_values", Encoding.Latin1.GetString(sealedBytes), StringComparison.Ordinal);
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = "sealed-colours", Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Green))],
        });
        var result = Assert.Single(await ResultsWhenDoneAsync(job.Id));
        Assert.Equal("green", result.Output!.Value.GetProperty("topK")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task SealedSeq2SeqExport_EveryOnnxFileSealed_TranslationStillRuns()
    {
        await SealAsync("sealed-translator");

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fixture.ModelStore, "sealed-translator", "1"), "*.onnx"));
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation, Model = "sealed-translator", Items = [JobItem.FromText("Hello world.")],
        });
        var result = Assert.Single(await ResultsWhenDoneAsync(job.Id));
        Assert.Equal("Hallo Welt.", result.Output!.Value.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SealedFileAltered_ItemsFailWithModelIntegrity()
    {
        await SealAsync("altered-colours");
        var path = Path.Combine(fixture.ModelStore, "altered-colours", "1", "model.onnx.sealed");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.ImageClassification, Model = "altered-colours", Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        });
        var result = Assert.Single(await ResultsWhenDoneAsync(job.Id));

        Assert.Equal(ItemErrorCodes.ModelIntegrity, result.ErrorCode);
        Assert.Contains("cannot be opened", result.Error, StringComparison.Ordinal);
    }

    private async Task SealAsync(string model)
    {
        await fixture.Api.ListModelsAsync(); // registered (plain sha256) before sealing
        using var response = await fixture.Http.PostAsync($"api/models/{model}/versions/1/seal", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<List<ItemResult>> ResultsWhenDoneAsync(Guid jobId)
    {
        await fixture.WaitForFinalAsync(jobId);
        return await fixture.ResultsAsync(jobId);
    }
}
