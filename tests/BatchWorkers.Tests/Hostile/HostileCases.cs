using System.Net;
using System.Text;
using System.Text.Json;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;

namespace BatchWorkers.Tests.Hostile;

/// <summary>One item of a job that also carries a good item: the hostile one gets <see cref="Expected"/> (null: it succeeds).</summary>
/// <param name="Item">The item as a JSON object, so items no client library would write can be sent.</param>
/// <param name="Verify">Further checks on the item's result (and the database) when it is expected to succeed.</param>
public sealed record ItemCase(
    string Name, JobType Type, Func<HostileInputTests.Fixture, string> Item, string? Expected,
    Func<HostileInputTests.Fixture, Guid, ItemResult, Task>? Verify = null);

/// <summary>A raw <c>POST /api/jobs</c> body and the status and detail it must be answered with.</summary>
/// <param name="Verify">Further checks for a submission that is accepted.</param>
public sealed record RequestCase(
    string Name, string ContentType, string Body, HttpStatusCode Status, string Detail,
    Func<HostileInputTests.Fixture, JobStatus, Task>? Verify = null);

/// <summary>
/// Raw bytes published to an intake exchange, and the queue they must end up in (never lost, never a crash) with
/// MassTransit's fault headers saying why.
/// </summary>
public sealed record MessageCase(string Name, string Exchange, string? ContentType, Func<string, byte[]> Body, string LandsIn);

/// <summary>A well-formed message with hostile content: the submitter must get JobFailed whose reason contains <see cref="Reason"/>.</summary>
public sealed record BusJobCase(string Name, Func<string, object> Message, string Reason);

/// <summary>The hostile-input tables. docs/reliability.md ("Hostile input") lists them with their outcomes.</summary>
public static class HostileCases
{
    public const string Sql = "Robert'); DROP TABLE jobs; -- \" OR 1=1; SELECT pg_sleep(10); /*";
    private const string Secret = "/secret"; // never to be requested: only blocked URLs point at it
    private static readonly byte[] Png = TestImages.Solid(TestImages.Green);
    private static readonly byte[] Jpeg = TestImages.Solid(TestImages.Green, format: SkiaSharp.SKEncodedImageFormat.Jpeg);

    public static string SecretPath => Secret;

    public static readonly ItemCase[] Items =
    [
        // Images
        Image("image-1x1", _ => Bytes(TestImages.Solid(TestImages.Blue, 1, 1)), null, Label("blue")),
        Image("image-20000x20000-jpeg-header", _ => Bytes(HostileImages.JpegDeclaring(20_000, 20_000)), ItemErrorCodes.ImageTooLarge),
        Image("image-20000x20000-gif-canvas", _ => Bytes(HostileImages.AnimatedGif([TestImages.Red], 20_000, 20_000)), ItemErrorCodes.ImageTooLarge),
        Image("image-png-decompression-bomb", _ => Bytes(HostileImages.PngBomb(20_000)), ItemErrorCodes.ImageTooLarge),
        Image("image-png-declaring-0x0", _ => Bytes(HostileImages.PngDeclaring(0, 0)), ItemErrorCodes.ImageCorrupt),
        Image("image-png-declaring-2^31-1", _ => Bytes(HostileImages.PngDeclaring(int.MaxValue, 1)), ItemErrorCodes.ImageCorrupt),
        Image("image-png-header-only", _ => Bytes(HostileImages.PngDeclaring(64, 48)), ItemErrorCodes.ImageCorrupt),
        Image("image-animated-gif-first-frame", _ => Bytes(HostileImages.AnimatedGif([TestImages.Red, TestImages.Blue])), null, Label("red")),
        Image("image-animated-webp-first-frame", _ => Bytes(HostileImages.AnimatedWebp([TestImages.Red, TestImages.Blue])), null, Label("red")),
        Image("image-cmyk-jpeg", _ => Bytes(HostileImages.CmykJpeg(0, 255, 255, 0)), null, Label("red")),
        Image("image-truncated-png", _ => Bytes(Png[..(Png.Length / 2)]), ItemErrorCodes.ImageCorrupt),
        Image("image-truncated-jpeg", _ => Bytes(Jpeg[..(Jpeg.Length / 2)]), ItemErrorCodes.ImageCorrupt),
        Image("image-corrupt-png", _ => Bytes([.. Png[..16], .. Enumerable.Repeat((byte)0x5A, Png.Length - 16)]), ItemErrorCodes.ImageCorrupt),
        Image("image-random-bytes", _ => Bytes([.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]), ItemErrorCodes.ImageUnsupportedFormat),
        Image("image-svg", _ => Bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray()), ItemErrorCodes.ImageUnsupportedFormat),
        Image("image-zero-bytes", _ => Bytes([]), ItemErrorCodes.EmptyInput),

        // URLs: non-public addresses are refused by default (SSRF); the test server is reachable only as "localhost",
        // the one host the fixture allows.
        Image("url-allowed-host", f => Uri(f.Server.Url("/green.png")), null, Label("green")),
        Image("url-loopback-ipv4", f => Uri($"http://127.0.0.1:{f.Server.Port}{Secret}"), ItemErrorCodes.InputNotAllowed, Message("loopback")),
        Image("url-loopback-ipv6", f => Uri($"http://[::1]:{f.Server.Port}{Secret}"), ItemErrorCodes.InputNotAllowed),
        Image("url-loopback-ipv4-mapped-ipv6", f => Uri($"http://[::ffff:127.0.0.1]:{f.Server.Port}{Secret}"), ItemErrorCodes.InputNotAllowed),
        Image("url-loopback-decimal", f => Uri($"http://2130706433:{f.Server.Port}{Secret}"), ItemErrorCodes.InputNotAllowed),
        Image("url-unspecified-0.0.0.0", f => Uri($"http://0.0.0.0:{f.Server.Port}{Secret}"), ItemErrorCodes.InputNotAllowed),
        Image("url-cloud-metadata", _ => Uri("http://169.254.169.254/latest/meta-data/"), ItemErrorCodes.InputNotAllowed, Message("link-local")),
        Image("url-link-local-ipv6", _ => Uri("http://[fe80::1]/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-private-10", _ => Uri("http://10.0.0.1/a.png"), ItemErrorCodes.InputNotAllowed, Message("Inputs:AllowPrivateNetworks")),
        Image("url-private-172.16", _ => Uri("http://172.16.5.4/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-private-192.168", _ => Uri("http://192.168.1.1/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-cgnat-100.64", _ => Uri("http://100.64.0.1/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-unique-local-ipv6", _ => Uri("http://[fd00::1]/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-multicast", _ => Uri("http://224.0.0.1/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-broadcast", _ => Uri("http://255.255.255.255/a.png"), ItemErrorCodes.InputNotAllowed),
        Image("url-redirect-to-loopback", f => Uri(f.Server.Url("/redirect-to-loopback")), ItemErrorCodes.InputNotAllowed),
        Image("url-redirect-to-metadata", f => Uri(f.Server.Url("/redirect-to-metadata")), ItemErrorCodes.InputNotAllowed),
        Image("url-redirect-loop", f => Uri(f.Server.Url("/redirect-loop")), ItemErrorCodes.InputUnreachable),
        Image("url-slow-drip-body", f => Uri(f.Server.Url("/slow-drip")), ItemErrorCodes.InputUnreachable, Message("longer than 2 s")),
        Image("url-no-response-headers", f => Uri(f.Server.Url("/no-headers")), ItemErrorCodes.InputUnreachable, Message("longer than 2 s")),
        Image("url-endless-headers", f => Uri(f.Server.Url("/endless-headers")), ItemErrorCodes.InputUnreachable),
        Image("url-endless-body", f => Uri(f.Server.Url("/endless")), ItemErrorCodes.InputTooLarge),
        Image("url-huge-content-length", f => Uri(f.Server.Url("/huge-length")), ItemErrorCodes.InputTooLarge),
        Image("url-body-cut-short", f => Uri(f.Server.Url("/cut-short")), ItemErrorCodes.InputUnreachable),
        Image("url-404", f => Uri(f.Server.Url("/missing.png")), ItemErrorCodes.InputUnreachable),
        Image("url-ftp-scheme", _ => Uri("ftp://example.com/a.png"), ItemErrorCodes.InputInvalid),
        Image("url-javascript-scheme", _ => Uri("javascript:alert(1)"), ItemErrorCodes.InputInvalid),
        Image("url-sql", _ => Uri(Sql), ItemErrorCodes.InputInvalid),

        // file:// paths: only under Inputs:FileRoot, links resolved
        Image("file-inside-root", f => Uri(new Uri(f.File("green.png")).AbsoluteUri), null, Label("green")),
        Image("file-outside-root", f => Uri(new Uri(f.OutsideFile).AbsoluteUri), ItemErrorCodes.InputNotAllowed),
        Image("file-dotdot-traversal", f => Uri($"file://{f.InputRoot}/../../../../etc/passwd"), ItemErrorCodes.InputNotAllowed),
        Image("file-encoded-traversal", f => Uri($"file://{f.InputRoot}/%2e%2e/%2e%2e/%2e%2e/etc/passwd"), ItemErrorCodes.InputNotAllowed),
        Image("file-symlink-to-outside-file", f => Uri(new Uri(f.File("link-to-outside.png")).AbsoluteUri), ItemErrorCodes.InputNotAllowed),
        Image("file-through-symlinked-folder", f => Uri(new Uri(f.File("linked-folder/outside.png")).AbsoluteUri), ItemErrorCodes.InputNotAllowed),
        Image("file-symlink-loop", f => Uri(new Uri(f.File("loop-a")).AbsoluteUri), ItemErrorCodes.InputUnreachable),
        Image("file-missing", f => Uri(new Uri(f.File("no-such.png")).AbsoluteUri), ItemErrorCodes.InputUnreachable),

        // Text
        Text("text-empty", _ => Json(new { text = "" }), ItemErrorCodes.EmptyInput),
        Text("text-whitespace-only", _ => Json(new { text = " \t\r\n\u00A0\u2003 " }), ItemErrorCodes.EmptyInput),
        Text("text-10MB-inline", _ => Json(new { text = new string('a', 10_000_000) }), ItemErrorCodes.InputTooLarge),
        Text("text-10MB-bytes", _ => Bytes(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Good morning. ", 10_000_000 / 14)))), ItemErrorCodes.InputTooLarge),
        Text("text-10MB-file", f => Uri(new Uri(f.File("ten-megabytes.txt")).AbsoluteUri), ItemErrorCodes.InputTooLarge),
        Text("text-invalid-utf8", _ => Bytes([0x48, 0x69, 0xC3, 0x28, 0xFF]), ItemErrorCodes.TextInvalidUtf8),
        Text("text-overlong-utf8", _ => Bytes([0x2F, 0xC0, 0xAF, 0x65, 0x74, 0x63]), ItemErrorCodes.TextInvalidUtf8),
        Text("text-utf16-bytes", _ => Bytes(Encoding.Unicode.GetBytes("\uFEFFHello.")), ItemErrorCodes.TextInvalidUtf8),
        Text("text-nul", _ => Json(new { text = "nul \0 inside" }), ItemErrorCodes.TextInvalidUtf8),
        Text("text-arabic-rtl", _ => Json(new { text = "صباح الخير يا صديقي. القطة صغيرة." }), null, Succeeded),
        Text("text-hebrew-rtl", _ => Json(new { text = "בוקר טוב, חבר שלי." }), null, Succeeded),
        Text("text-bidi-override", _ => Json(new { text = "Good morning \u202Eyadot\u202C, my friend.", name = "\u202Egnp.exe" }), null, Succeeded),
        Text("text-emoji-and-combining", _ => Json(new { text = "Good 👍🏽 morning 👨‍👩‍👧, Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇." }), null, Succeeded),
        Summary("text-arabic-rtl-summarized", _ => Json(new { text = "صباح الخير يا صديقي. القطة صغيرة." }), null, Succeeded),
        Text("text-sql", _ => Json(new { text = Sql }), null, StoredVerbatim),
        Summary("text-sql-summarized", _ => Json(new { text = Sql }), null, StoredVerbatim),
        Text("name-sql", _ => Json(new { text = "Good morning.", name = Sql }), null, NameVerbatim),
        Text("item-null", _ => "null", ItemErrorCodes.InputInvalid),
        Text("item-with-no-source", _ => "{}", ItemErrorCodes.InputInvalid),
        Text("name-nul", _ => Json(new { text = "Good morning.", name = "a\0b" }), ItemErrorCodes.InputInvalid),
    ];

    public static readonly RequestCase[] Requests =
    [
        Reject("job-unknown-model", Job("image-classification", "no-such-model"), HttpStatusCode.NotFound, "'no-such-model' is not installed"),
        Reject("job-unknown-version", Job("image-classification", "colours", """ "modelVersion": "999", """), HttpStatusCode.NotFound, "has no version '999'"),
        Reject("job-unknown-type", Job("teleportation", "colours"), HttpStatusCode.BadRequest, "'type' must be one of"),
        Reject("job-malformed-json", """{ "type": "translation", "model": """, HttpStatusCode.BadRequest, "not a valid job"),
        Reject("job-json-array", """[1, 2, 3]""", HttpStatusCode.BadRequest, "not a valid job"),
        Reject("job-items-not-a-list", """{ "type": "translation", "model": "glossary-en-de", "items": "oops" }""", HttpStatusCode.BadRequest, "not a valid job"),
        Reject("text-lone-surrogate", """{ "type": "translation", "model": "glossary-en-de", "items": [{ "text": "abc \ud800 def" }] }""",
            HttpStatusCode.BadRequest, "$.items[0].text"),
        Reject("job-empty-body", "", HttpStatusCode.BadRequest, "empty"),
        Reject("job-not-json-content-type", "type=translation", HttpStatusCode.UnsupportedMediaType, "application/json", "text/plain"),
        Reject("generation-num-beams-10000", Generation("""{ "numBeams": 10000 }"""), HttpStatusCode.UnprocessableEntity, "num_beams must be between 1 and 16"),
        Reject("generation-num-beams-negative", Generation("""{ "numBeams": -1 }"""), HttpStatusCode.UnprocessableEntity, "num_beams must be between 1 and 16"),
        Reject("generation-max-new-tokens-negative", Generation("""{ "maxNewTokens": -5 }"""), HttpStatusCode.UnprocessableEntity, "max_new_tokens must be between 1 and 1024"),
        Reject("generation-max-length-negative", Generation("""{ "maxLength": -100 }"""), HttpStatusCode.UnprocessableEntity, "max_length must be between 2 and 1025"),
        Reject("generation-min-length-negative", Generation("""{ "minLength": -3 }"""), HttpStatusCode.UnprocessableEntity, "min_length must be between 0 and 1024"),
        Reject("generation-no-repeat-ngram-negative", Generation("""{ "noRepeatNgramSize": -2 }"""), HttpStatusCode.UnprocessableEntity, "no_repeat_ngram_size must be between 0 and 10"),
        Reject("generation-length-penalty-1e308", Generation("""{ "lengthPenalty": 1e308 }"""), HttpStatusCode.UnprocessableEntity, "length_penalty must be between"),
        Reject("generation-num-beams-not-a-number", Generation("""{ "numBeams": "many" }"""), HttpStatusCode.BadRequest, "numBeams"),
        Reject("generation-num-beams-overflow", Generation("""{ "numBeams": 1e20 }"""), HttpStatusCode.BadRequest, "numBeams"),
        Reject("top-k-negative", Job("image-classification", "colours", """ "topK": -1, """), HttpStatusCode.UnprocessableEntity, "topK must be between 1 and 100"),
        Reject("sql-in-model", Job("translation", Sql), HttpStatusCode.NotFound, "is not a valid model name"),
        Reject("sql-in-model-version", Job("translation", "glossary-en-de", $""" "modelVersion": {JsonSerializer.Serialize(Sql)}, """), HttpStatusCode.NotFound, "DROP TABLE jobs; -- \" OR 1=1; SELECT pg_sleep(10); /*' is not a valid model version"),
        Reject("sql-in-type", Job(Sql, "glossary-en-de"), HttpStatusCode.BadRequest, "'type' must be one of"),
        Reject("sql-in-priority", Job("translation", "glossary-en-de", $""" "priority": {JsonSerializer.Serialize(Sql)}, """), HttpStatusCode.BadRequest, "priority"),
        Reject("sql-in-early-stopping", Generation($$"""{ "earlyStopping": {{JsonSerializer.Serialize(Sql)}} }"""), HttpStatusCode.BadRequest, "earlyStopping"),
        Reject("sql-in-redact", Job("translation", "glossary-en-de", $""" "redact": {JsonSerializer.Serialize(Sql)}, """), HttpStatusCode.BadRequest, "redact"),
        new("sql-in-idempotency-key", "application/json", Job("translation", "glossary-en-de", $""" "idempotencyKey": {JsonSerializer.Serialize(Sql)}, """),
            HttpStatusCode.Accepted, "", IdempotencyKeyVerbatim),
        Reject("idempotency-key-nul", Job("translation", "glossary-en-de", """ "idempotencyKey": "a\u0000b", """), HttpStatusCode.UnprocessableEntity, "idempotencyKey"),
        Reject("idempotency-key-100k", Job("translation", "glossary-en-de", $""" "idempotencyKey": "{string.Concat(Enumerable.Range(0, 3000).Select(i => Guid.NewGuid().ToString("N")))}", """), HttpStatusCode.UnprocessableEntity, "idempotencyKey"),
        Reject("model-name-100k", Job("translation", new string('m', 100_000)), HttpStatusCode.NotFound, "is not a valid model name"),
    ];

    private const string TranslationMessageType = "urn:message:BatchWorkers.Contracts:SubmitTranslationJob";

    public static readonly MessageCase[] Messages =
    [
        new("message-not-json", "submit-translation", "application/vnd.masstransit+json", m => [0x00, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes($"garbage {m}")], "_error"),
        new("message-truncated-json", "submit-translation", "application/vnd.masstransit+json",
            m => Encoding.UTF8.GetBytes($$"""{ "messageType": ["{{TranslationMessageType}}"], "message": { "model": "{{m}}", "items": [ """), "_error"),
        new("message-wrong-field-types", "submit-translation", "application/vnd.masstransit+json",
            m => Encoding.UTF8.GetBytes($$"""{ "messageType": ["{{TranslationMessageType}}"], "message": { "model": 42, "items": "{{m}}" } }"""), "_error"),
        new("message-no-envelope", "submit-translation", "application/vnd.masstransit+json",
            m => Encoding.UTF8.GetBytes($$"""{ "model": "glossary-en-de", "items": [{ "text": "{{m}}" }] }"""), "_error"),
        new("message-unknown-content-type", "submit-translation", "application/x-evil", m => Encoding.UTF8.GetBytes($"<evil>{m}</evil>"), "_error"),
        new("message-no-content-type", "submit-translation", null, m => Encoding.UTF8.GetBytes($"plain {m}"), "_error"),
        new("message-empty-body", "submit-image-classification", "application/vnd.masstransit+json", _ => [], "_error"),
        new("message-image-not-json", "submit-image-classification", "application/vnd.masstransit+json", m => Encoding.UTF8.GetBytes($"not json {m}"), "_error"),
    ];

    public static readonly BusJobCase[] BusJobs =
    [
        new("bus-sql-in-model", key => new SubmitTranslationJob { Model = Sql, IdempotencyKey = key, Items = [JobItem.FromText("Hello.")] }, "is not a valid model name"),
        new("bus-unknown-version", key => new SubmitTranslationJob { Model = TestModels.Translator, ModelVersion = "999", IdempotencyKey = key, Items = [JobItem.FromText("Hello.")] }, "has no version '999'"),
        new("bus-nul-in-model", key => new SubmitTranslationJob { Model = "glossary\0en-de", IdempotencyKey = key, Items = [JobItem.FromText("Hello.")] }, "is not a valid model name"),
        new("bus-num-beams-10000", key => new SubmitTranslationJob
        {
            Model = TestModels.Translator, IdempotencyKey = key, Generation = new GenerationSettings { NumBeams = 10_000 }, Items = [JobItem.FromText("Hello.")],
        }, "num_beams must be between 1 and 16"),
        new("bus-no-items", key => new SubmitTranslationJob { Model = TestModels.Translator, IdempotencyKey = key, Items = [] }, "no items"),
    ];

    private static ItemCase Image(string name, Func<HostileInputTests.Fixture, string> item, string? expected, Func<HostileInputTests.Fixture, Guid, ItemResult, Task>? verify = null) =>
        new(name, JobType.ImageClassification, item, expected, verify);

    private static ItemCase Text(string name, Func<HostileInputTests.Fixture, string> item, string? expected, Func<HostileInputTests.Fixture, Guid, ItemResult, Task>? verify = null) =>
        new(name, JobType.Translation, item, expected, verify);

    private static ItemCase Summary(string name, Func<HostileInputTests.Fixture, string> item, string? expected, Func<HostileInputTests.Fixture, Guid, ItemResult, Task>? verify = null) =>
        new(name, JobType.Summarization, item, expected, verify);

    private static RequestCase Reject(string name, string body, HttpStatusCode status, string detail, string contentType = "application/json") =>
        new(name, contentType, body, status, detail);

    private static string Json(object item) => JsonSerializer.Serialize(item, BatchWorkersJson.Options);

    private static string Bytes(byte[] data) => Json(new { data });

    private static string Uri(string uri) => Json(new { uri });

    private static string Job(string type, string model, string extra = "") =>
        $$"""{ "type": {{JsonSerializer.Serialize(type)}}, "model": {{JsonSerializer.Serialize(model)}}, {{extra}} "items": [{ "text": "Hello." }] }""";

    private static string Generation(string generation) =>
        $$"""{ "type": "translation", "model": "glossary-en-de", "generation": {{generation}}, "items": [{ "text": "Hello." }] }""";

    private static Func<HostileInputTests.Fixture, Guid, ItemResult, Task> Label(string label) => (_, _, result) =>
    {
        var output = result.Output!.Value.Deserialize<ClassificationOutput>(BatchWorkersJson.Options)!;
        Assert.Equal(label, output.TopK[0].Label);
        return Task.CompletedTask;
    };

    private static Func<HostileInputTests.Fixture, Guid, ItemResult, Task> Message(string part) => (_, _, result) =>
    {
        Assert.Contains(part, result.Error, StringComparison.Ordinal);
        return Task.CompletedTask;
    };

    private static Task Succeeded(HostileInputTests.Fixture fixture, Guid jobId, ItemResult result)
    {
        var output = result.Output!.Value.Deserialize<TextGenerationOutput>(BatchWorkersJson.Options)!;
        Assert.False(string.IsNullOrWhiteSpace(output.Text));
        return Task.CompletedTask;
    }

    private static async Task StoredVerbatim(HostileInputTests.Fixture fixture, Guid jobId, ItemResult result)
    {
        await Succeeded(fixture, jobId, result);
        Assert.Equal(Sql, await fixture.TextAsync("select text_content from job_items where job_id = @id and item_index = 0", ("id", jobId)));
        Assert.True(await fixture.ScalarAsync("select count(*) from jobs") > 0);
    }

    private static async Task NameVerbatim(HostileInputTests.Fixture fixture, Guid jobId, ItemResult result)
    {
        Assert.Equal(Sql, result.Name);
        Assert.Equal(Sql, await fixture.TextAsync("select name from job_items where job_id = @id and item_index = 0", ("id", jobId)));
    }

    private static async Task IdempotencyKeyVerbatim(HostileInputTests.Fixture fixture, JobStatus job)
    {
        Assert.Equal(job.Id, await fixture.ScalarGuidAsync("select id from jobs where idempotency_key = @key", ("key", Sql)));
        Assert.True(await fixture.ScalarAsync("select count(*) from job_items") > 0);
    }
}
