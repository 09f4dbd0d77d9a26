using System.CommandLine;

namespace BatchWorkers.Benchmarks.Translation;

/// <summary>
/// <c>bw-bench seq2seq [--sentences N] [--runs R] [--batch B] [--new-tokens T] [--chunk-size C] [--markdown PATH] [--worker KEY=VALUE]...</c>:
/// the translation engine's tokens/s with vs without the KV cache and batched vs one at a time, and a translation
/// job end to end vs the engine alone, in one run on one model.
/// </summary>
public static class Seq2SeqBenchCommand
{
    public static Command Create()
    {
        var sentences = new Option<int>("--sentences") { HelpName = "n", Description = "Sentences in the end-to-end job and the engine's translation of them", DefaultValueFactory = _ => 256 };
        var runs = new Option<int>("--runs") { HelpName = "n", Description = "Repetitions; medians are reported", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { HelpName = "n", Description = "Sentences per ONNX Runtime batch (engine and TextGeneration:BatchSize)", DefaultValueFactory = _ => 16 };
        var newTokens = new Option<int>("--new-tokens") { HelpName = "n", Description = "Tokens every sentence generates", DefaultValueFactory = _ => 64 };
        var chunkSize = new Option<int>("--chunk-size") { HelpName = "n", Description = "Sentences per chunk of the job (Jobs:ChunkSize)", DefaultValueFactory = _ => 64 };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the result tables as Markdown to this file", HelpName = "path" };
        var worker = BenchCommand.WorkerOption("TextGeneration:ConcurrentChunks=2");
        sentences.Validators.Add(r => BenchCommand.Range(r, "--sentences", r.GetValueOrDefault<int>(), 1, 20_000));
        runs.Validators.Add(r => BenchCommand.Range(r, "--runs", r.GetValueOrDefault<int>(), 1, 50));
        batch.Validators.Add(r => BenchCommand.Range(r, "--batch", r.GetValueOrDefault<int>(), 1, 256));
        newTokens.Validators.Add(r => BenchCommand.Range(r, "--new-tokens", r.GetValueOrDefault<int>(), 1, TranslatorBenchModel.Shape.MaxPositions - 1));
        chunkSize.Validators.Add(r => BenchCommand.Range(r, "--chunk-size", r.GetValueOrDefault<int>(), 1, 10_000));

        var command = new Command(
            "seq2seq",
            "Translation on a random-weight opus-mt-like model: generated tokens/s with the KV cache vs without (goal ≥ 3×), batched vs one " +
            "at a time (goal ≥ 2×), and a translation job end to end (publish → JobCompleted) vs the engine alone (goal ≥ 0.8×). " +
            "Needs BW_PG_* and BW_RABBIT_* (run it through ./bench.sh seq2seq).")
        {
            sentences, runs, batch, newTokens, chunkSize, markdown, worker,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(sentences) < 4 * r.GetValue(batch))
            {
                r.AddError("--sentences must be at least 4 × --batch (the batching comparison uses four batches of the same sentences).");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new Seq2SeqBenchOptions(
                parseResult.GetValue(sentences), parseResult.GetValue(runs), parseResult.GetValue(batch), parseResult.GetValue(newTokens),
                parseResult.GetValue(chunkSize), parseResult.GetValue(markdown), BenchCommand.WorkerSettings(parseResult.GetValue(worker)));
            return await BenchCommand.MeasureAndReportAsync(
                (console, ct) => new Seq2SeqBenchRunner(options, console).RunAsync(ct), options.MarkdownPath, cancellationToken);
        });
        return command;
    }
}
