using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Privacy.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Privacy;

/// <summary>
/// Sensitive jobs keep inputs and outputs only as AES-GCM ciphertext tagged with a key id: someone with database
/// access alone reads nothing, the API still returns the results, and rotation moves every row to the new key,
/// batch by batch, resuming after an interruption without rewriting a row twice.
/// </summary>
public sealed class EncryptionAtRestTests(EncryptionAtRestTests.Fixture fixture) : IClassFixture<EncryptionAtRestTests.Fixture>
{
    public sealed class Fixture : WorkerFixture
    {
        public static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        public static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        protected override void AddModels(string store) => TestModels.AddTextModels(store);

        protected override void Configure(Dictionary<string, string> settings)
        {
            settings["Encryption:Keys:k1"] = Key1;
            settings["Encryption:Keys:k2"] = Key2;
            settings["Encryption:ActiveKeyId"] = "k1";
        }
    }

    private const string Secret = "Good morning, my friend Zoltan.";

    [Fact]
    public async Task SensitiveJob_DatabaseHoldsOnlyCiphertext_ApiReturnsPlaintext()
    {
        var job = await SubmitAsync(Secret);

        var result = Assert.Single(await fixture.ResultsAsync(job.Id));

        Assert.Equal("Guten Morgen, mein Freund Zoltan.", result.Output!.Value.GetProperty("text").GetString());
        Assert.Equal(0, await fixture.ScalarAsync(
            "select count(*) from job_items where job_id = @id and (text_content is not null or data is not null or uri is not null)", ("id", job.Id)));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from item_results where job_id = @id and output is not null", ("id", job.Id)));
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from job_items where job_id = @id and input_key_id = 'k1' and sealed_input is not null", ("id", job.Id)));
        foreach (var plaintext in new[] { "Zoltan", "Morgen" })
        {
            // What a database reader sees: neither the input nor the output, in any column.
            Assert.Equal(0, await fixture.ScalarAsync(
                """
                select count(*) from job_items i join item_results r using (job_id, item_index)
                where i.job_id = @id and (position(convert_to(@text, 'UTF8') in i.sealed_input) > 0
                   or position(convert_to(@text, 'UTF8') in r.sealed_output) > 0
                   or i::text like '%' || @text || '%' or r::text like '%' || @text || '%')
                """, ("id", job.Id), ("text", plaintext)));
        }
    }

    [Fact]
    public async Task Rotation_InterruptedThenResumed_EveryRowOnTheNewKeyOnceAndStillReadable()
    {
        var jobs = new List<JobStatus>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await SubmitAsync($"I love coffee and tea {i}.", "The cat is small.", "Hello world."));
        }

        var sealedRows = await fixture.ScalarAsync("select count(*) from job_items where input_key_id is not null")
                         + await fixture.ScalarAsync("select count(*) from item_results where output_key_id is not null");
        var rotation = RotationTo("k2", batchSize: 2);

        var first = await rotation.RotateAsync(maxBatches: 1, CancellationToken.None); // then "the worker dies"
        var onOldKey = await fixture.ScalarAsync("select count(*) from job_items where input_key_id = 'k1'")
                       + await fixture.ScalarAsync("select count(*) from item_results where output_key_id = 'k1'");
        var rest = await RotationTo("k2", batchSize: 2).RotateAsync(maxBatches: null, CancellationToken.None);

        Assert.False(first.Finished);
        Assert.Equal(4, first.Inputs + first.Outputs);
        Assert.Equal(sealedRows - 4, onOldKey);
        Assert.True(rest.Finished);
        Assert.Equal(sealedRows, first.Inputs + first.Outputs + rest.Inputs + rest.Outputs);
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from job_items where input_key_id = 'k1'"));
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from item_results where output_key_id = 'k1'"));
        foreach (var job in jobs)
        {
            var texts = (await fixture.ResultsAsync(job.Id)).Select(r => r.Output!.Value.GetProperty("text").GetString());
            Assert.Equal(["Ich liebe Kaffee und Tee " + jobs.IndexOf(job) + ".", "Die Katze ist klein.", "Hallo Welt."], texts);
        }
    }

    [Fact]
    public void SealedValue_MovedToAnotherRow_DoesNotOpen()
    {
        var cipher = fixture.Worker.Services.GetRequiredService<RowCipher>();
        var job = Guid.NewGuid();
        var sealedValue = cipher.Seal("secret"u8, RowCipher.InputContext(job, 0));

        Assert.Equal("secret", Encoding.UTF8.GetString(cipher.Open(sealedValue.Bytes, sealedValue.KeyId, RowCipher.InputContext(job, 0))));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue.Bytes, sealedValue.KeyId, RowCipher.InputContext(job, 1)));
    }

    private async Task<JobStatus> SubmitAsync(params string[] texts)
    {
        var job = await fixture.Api.SubmitAsync(new SubmitJobRequest
        {
            Type = JobType.Translation,
            Model = TestModels.Translator,
            Sensitive = true,
            Items = [.. texts.Select(t => JobItem.FromText(t))],
        });
        Assert.Equal(JobState.Succeeded, (await fixture.WaitForFinalAsync(job.Id)).State);
        return job;
    }

    private KeyRotation RotationTo(string keyId, int batchSize)
    {
        var options = Options.Create(new EncryptionOptions
        {
            Keys = new() { ["k1"] = Fixture.Key1, ["k2"] = Fixture.Key2 },
            ActiveKeyId = keyId,
            RotationBatchSize = batchSize,
        });
        var keys = new KeyRing(options);
        return new KeyRotation(fixture.Db, new RowCipher(keys), keys, options, NullLogger<KeyRotation>.Instance);
    }
}

/// <summary>A sensitive job on a worker without data keys is refused, not stored in clear.</summary>
public sealed class EncryptionUnconfiguredTests(WorkerFixture fixture) : IClassFixture<WorkerFixture>
{
    [Fact]
    public async Task SensitiveJob_NoDataKey_RejectedSayingWhatToConfigure()
    {
        using var response = await fixture.Http.PostAsJsonAsync("api/jobs", new SubmitJobRequest
        {
            Type = JobType.ImageClassification,
            Model = TestModels.Colours,
            Sensitive = true,
            Items = [JobItem.FromBytes(TestImages.Solid(TestImages.Red))],
        }, BatchWorkersJson.Options);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Encryption:ActiveKeyId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.ScalarAsync("select count(*) from jobs where sensitive"));
    }
}
