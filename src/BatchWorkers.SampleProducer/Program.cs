using BatchWorkers.Contracts;
using BatchWorkers.SampleProducer;
using MassTransit;
using Spectre.Console;

// Plays another service: publishes image-classification, fine-tune, translation and summarization jobs on RabbitMQ through the Contracts package,
// listens for the worker's events, and reads the results back from the worker's API.
string Setting(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

if (!AnsiConsole.Profile.Capabilities.Interactive)
{
    // Piped into a log: wide enough that tables stay readable.
    AnsiConsole.Profile.Width = 160;
}

var model = Setting("Sample__Model", "colours");
var timeout = TimeSpan.FromSeconds(int.Parse(Setting("Sample__TimeoutSeconds", "180"), System.Globalization.CultureInfo.InvariantCulture));
using var cancellation = new CancellationTokenSource(timeout);
var events = new JobEvents();
var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
{
    rabbit.Host(Setting("RabbitMq__Host", "localhost"), ushort.Parse(Setting("RabbitMq__Port", "5672"), System.Globalization.CultureInfo.InvariantCulture),
        Setting("RabbitMq__VirtualHost", "/"), host =>
        {
            host.Username(Setting("RabbitMq__Username", "guest"));
            host.Password(Setting("RabbitMq__Password", "guest"));
        });
    rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), endpoint =>
    {
        endpoint.Consumer(() => new JobAcceptedConsumer(events));
        endpoint.Consumer(() => new JobCompletedConsumer(events));
        endpoint.Consumer(() => new JobFailedConsumer(events));
    });
});

await bus.StartAsync(cancellation.Token);
try
{
    var jobs = new[]
    {
        SampleJob.Create("shapes", model, JobPriority.Normal, SampleImages.Shapes(60, seed: 7), JobState.Succeeded),
        SampleJob.Create("urgent with bad files", model, JobPriority.High, [.. SampleImages.Shapes(6, seed: 11), .. SampleImages.Broken()], JobState.PartiallySucceeded),
        SampleJob.Create("unknown model", "no-such-model", JobPriority.Low, SampleImages.Shapes(1, seed: 13), JobState.Failed),
    };

    var submitter = new JobSubmitter(bus);
    foreach (var job in jobs)
    {
        await submitter.SubmitAsync(job.Message, cancellation.Token);
    }

    AnsiConsole.MarkupLine($"Published {jobs.Length} jobs ({jobs.Sum(j => j.Images.Count)} images) to RabbitMQ as SubmitImageClassificationJob messages.");
    using var http = new HttpClient { BaseAddress = new Uri(Setting("Api__BaseUrl", "http://127.0.0.1:5080")) };
    var api = new BatchWorkersApiClient(http);
    var report = await FineTuneSample.TrainAsync(bus, events, api, cancellation.Token);
    if (report is not null)
    {
        var shapes = SampleJob.Create("unseen shapes", FineTuneSample.Model, JobPriority.Normal, FineTuneSample.UnseenShapes(30), JobState.Succeeded);
        await submitter.SubmitAsync(shapes.Message, cancellation.Token);
        jobs = [.. jobs, shapes];
    }

    var (outcomes, jobIds) = await JobProgress.TrackAsync(jobs, events, api, cancellation.Token);
    var asExpected = report is not null && await Summary.PrintAsync(jobs, outcomes, jobIds, api, cancellation.Token);
    asExpected &= await TextSamples.RunAsync(submitter, events, api, http.BaseAddress!, cancellation.Token);
    AnsiConsole.MarkupLine(asExpected
        ? "[green]Every job ended as expected.[/]"
        : "[red]Some jobs did not end as expected: see the table above and the worker's log.[/]");
    return asExpected ? 0 : 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    AnsiConsole.MarkupLine($"[red]The sample jobs did not finish within {timeout.TotalSeconds:0} s. Is the worker running and consuming? Check its log.[/]");
    return 1;
}
finally
{
    await bus.StopAsync(CancellationToken.None);
}
