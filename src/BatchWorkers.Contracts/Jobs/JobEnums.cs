namespace BatchWorkers.Contracts;

/// <summary>The kind of work a job does. Every item of a job is of the job's type.</summary>
public enum JobType
{
    ImageClassification,
    FineTune,
    Translation,
    Summarization,
}

/// <summary>Queue priority. RabbitMQ priority queues deliver higher priorities first.</summary>
public enum JobPriority
{
    Low,
    Normal,
    High,
}

/// <summary>Where a job is in its life. The last four are final.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
    Cancelled,
}
