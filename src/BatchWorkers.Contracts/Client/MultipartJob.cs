using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchWorkers.Contracts;

/// <summary>Builds the multipart form of <c>POST /api/jobs</c>: metadata fields and one <c>files</c> part per file.</summary>
internal static class MultipartJob
{
    public static MultipartFormDataContent Create(SubmitFilesRequest metadata, IEnumerable<(string FileName, Stream Content)> files)
    {
        var form = new MultipartFormDataContent();
        try
        {
            AddField(form, "type", WireName(metadata.Type));
            AddField(form, "model", metadata.Model);
            AddField(form, "modelVersion", metadata.ModelVersion);
            AddField(form, "priority", WireName(metadata.Priority));
            AddField(form, "idempotencyKey", metadata.IdempotencyKey);
            AddField(form, "topK", metadata.TopK?.ToString(CultureInfo.InvariantCulture));
            var count = 0;
            foreach (var (fileName, content) in files)
            {
#pragma warning disable CA2000 // The form owns its parts and disposes them with itself.
                var part = new StreamContent(content);
#pragma warning restore CA2000
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(part, "files", fileName);
                count++;
            }

            if (count == 0)
            {
                throw new ArgumentException("A job needs at least one file.", nameof(files));
            }

            return form;
        }
        catch
        {
            form.Dispose();
            throw;
        }
    }

    private static void AddField(MultipartFormDataContent form, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
#pragma warning disable CA2000 // The form owns its parts and disposes them with itself.
            form.Add(new StringContent(value), name);
#pragma warning restore CA2000
        }
    }

    /// <summary>The enum as the API spells it in JSON, for example <c>image-classification</c>.</summary>
    private static string WireName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonSerializer.Serialize(value, BatchWorkersJson.Options).Trim('"');
}
