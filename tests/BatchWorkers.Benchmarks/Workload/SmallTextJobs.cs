using BatchWorkers.Contracts;

namespace BatchWorkers.Benchmarks.Workload;

/// <summary>
/// Small translation and summarization jobs (one to three short texts each, fixed seed), alternating, for the
/// sample models <c>glossary-en-de</c> and <c>lead-sentence</c>: the many little jobs that share a worker with a big one.
/// </summary>
public static class SmallTextJobs
{
    public const string Translator = "glossary-en-de";
    public const string Summarizer = "lead-sentence";

    private static readonly string[] Sentences =
    [
        "Good morning, my friend.", "I love coffee and tea.", "The cat is small.", "We are here today.",
        "It rains and the garden is green.", "Thank you very much.", "I read a book at night.", "The house is big.",
    ];

    private static readonly string[] Paragraphs =
    [
        "The company said its new service will open in the city this year. More people have ordered than last year. The report is due in May.",
        "The first order was sent after the customer called. It arrived on time. Our service team checked it twice.",
        "People in the city have more water this year than last. The report said it was the first such year. Farmers are pleased.",
    ];

    /// <summary>Job <paramref name="index"/>: even ones translate, odd ones summarize.</summary>
    public static object Create(int index, string idempotencyKey, Random random)
    {
        var count = random.Next(1, 4);
        if (index % 2 == 0)
        {
            return new SubmitTranslationJob
            {
                Model = Translator,
                IdempotencyKey = idempotencyKey,
                Items = Enumerable.Range(0, count).Select(i => JobItem.FromText(Sentences[random.Next(Sentences.Length)], $"t{index}-{i}")).ToList(),
            };
        }

        return new SubmitSummarizationJob
        {
            Model = Summarizer,
            IdempotencyKey = idempotencyKey,
            Items = Enumerable.Range(0, count).Select(i => JobItem.FromText(Paragraphs[random.Next(Paragraphs.Length)], $"s{index}-{i}")).ToList(),
        };
    }
}
