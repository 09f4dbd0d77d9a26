using BatchWorkers.Contracts;
using BatchWorkers.Worker.Privacy.Encryption;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The <c>jobs</c> and <c>job_items</c> tables: recording, reading, cancelling and purging jobs.</summary>
public sealed class JobStore(NpgsqlDataSource dataSource, TimeProvider time, RowCipher cipher)
{
    private const string JobColumns = """
        id, job_type as JobType, model_name, model_version, priority::int as priority, idempotency_key, state, error,
        parameters::text as parameters, total_items, chunk_size, chunk_count, submitted_at, started_at, finished_at, sensitive,
        explain::text as explain
        """;

    /// <summary>
    /// Records a job with its items and chunks in one transaction; an existing idempotency key wins.
    /// A <paramref name="chunkSize"/> of null records no chunks (single-run job types).
    /// </summary>
    public async Task<SubmissionResult> InsertAsync(
        JobSubmission submission, string? modelVersion, int? chunkSize, IReadOnlyList<IntakeError?> intakeErrors,
        JobState state, string? error, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var total = submission.Items.Count;
        var chunkCount = state == JobState.Failed || chunkSize is not { } size ? 0 : (total + size - 1) / size;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            insert into jobs (id, job_type, model_name, model_version, priority, idempotency_key, state, error, parameters,
                              total_items, chunk_size, chunk_count, submitted_via, submitted_at, finished_at,
                              delete_inputs_on_completion, time_to_live, sensitive, explain)
            values (@id, @type, @model, @modelVersion, @priority, @key, @state, @error, cast(@parameters as jsonb),
                    @total, @chunkSize, @chunkCount, @via, @now, case when @state = 'Failed' then @now end,
                    @deleteInputs, @timeToLive, @sensitive, cast(@explain as jsonb))
            on conflict (idempotency_key) do nothing
            returning id
            """,
            new
            {
                id, type = submission.Type.ToString(), model = submission.Model, modelVersion,
                priority = (short)submission.Priority, key = submission.IdempotencyKey, state = state.ToString(), error,
                parameters = submission.ParametersJson, total, chunkSize = chunkSize ?? 0, chunkCount, via = submission.SubmittedVia,
                now = time.GetUtcNow().UtcDateTime,
                deleteInputs = submission.Retention?.DeleteInputsOnCompletion ?? false, timeToLive = submission.Retention?.TimeToLive,
                sensitive = submission.Sensitive == true, explain = submission.ExplainPlanJson,
            }, transaction, cancellationToken: cancellationToken));
        if (inserted is null)
        {
            var existing = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                "select id from jobs where idempotency_key = @key", new { key = submission.IdempotencyKey }, transaction,
                cancellationToken: cancellationToken));
            return new SubmissionResult(existing, Created: false);
        }

        // A job rejected at intake records its items only to give each its error (so every item has an outcome).
        if (state != JobState.Failed || intakeErrors.Count == submission.Items.Count && intakeErrors.Count > 0)
        {
            await CopyItemsAsync(connection, id, submission.Items, intakeErrors, submission.Sensitive == true, cancellationToken);
        }

        if (state == JobState.Failed && intakeErrors.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into item_results (job_id, item_index, succeeded, error_code, error, completed_at)
                select job_id, item_index, false, intake_error_code, intake_error, @now from job_items where job_id = @id
                on conflict (job_id, item_index) do nothing
                """, new { id, now = time.GetUtcNow().UtcDateTime }, transaction, cancellationToken: cancellationToken));
        }

        if (chunkCount > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into job_chunks (job_id, chunk_index, first_item, item_count)
                select @id, n, n * @chunkSize, least(@chunkSize, @total - n * @chunkSize)
                from generate_series(0, @chunkCount - 1) as n
                """, new { id, chunkSize, total, chunkCount }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new SubmissionResult(id, Created: true);
    }

    private async Task CopyItemsAsync(
        NpgsqlConnection connection, Guid jobId, IReadOnlyList<JobItem> items, IReadOnlyList<IntakeError?> errors, bool sensitive,
        CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy job_items (job_id, item_index, name, uri, text_content, data, intake_error_code, intake_error, sealed_input, input_key_id) from stdin (format binary)",
            cancellationToken);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var error = errors[index];
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(jobId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(index, NpgsqlDbType.Integer, cancellationToken);
            // A name PostgreSQL cannot store fails its item at intake (input.invalid); the row keeps a readable copy.
            await writer.WriteAsync(StorableText.Sanitize(item?.Name), NpgsqlDbType.Text, cancellationToken);
            // Items rejected at intake keep no content: the error is what gets recorded. A sensitive job's content is
            // kept only sealed.
            var keep = error is null;
            Sealed? sealedInput = keep && sensitive && item is not null
                ? cipher.Seal(SealedInput.Pack(item.Text, item.Data, item.Uri), RowCipher.InputContext(jobId, index))
                : null;
            var plain = keep && !sensitive;
            await writer.WriteAsync(sensitive ? null : StorableText.Sanitize(item?.Uri), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(plain ? item?.Text : null, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(plain ? item?.Data : null, NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteAsync(error?.Code, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(error?.Message, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(sealedInput?.Bytes, NpgsqlDbType.Bytea, cancellationToken);
            await writer.WriteAsync(sealedInput?.KeyId, NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    public async Task<JobRecord?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(
            $"select {JobColumns} from jobs where id = @jobId", new { jobId }, cancellationToken: cancellationToken));
    }

    /// <summary>The stored input of one item (inline bytes or its reference), e.g. to turn a prediction into a training example.</summary>
    public async Task<(byte[]? Data, string? Uri)?> GetItemInputAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ItemInput>(new CommandDefinition(
            "select data, uri, sealed_input, input_key_id from job_items where job_id = @jobId and item_index = @itemIndex", new { jobId, itemIndex },
            cancellationToken: cancellationToken));
        if (row?.SealedInput is { } sealedInput)
        {
            var (_, data, uri) = SealedInput.Unpack(cipher.Open(sealedInput, row.InputKeyId!, RowCipher.InputContext(jobId, itemIndex)));
            return (data, uri);
        }

        return row is null ? null : (row.Data, row.Uri);
    }

    /// <summary>Moves a queued job to running when its first chunk starts.</summary>
    public async Task MarkRunningAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update jobs set state = 'Running', started_at = @now where id = @jobId and state = 'Queued'",
            new { jobId, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>Notes that a single-run job's run was handed to Hangfire, so the maintenance sweep leaves it alone.</summary>
    public async Task MarkRunQueuedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update jobs set run_queued_at = @now where id = @jobId and run_queued_at is null",
            new { jobId, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Queued jobs of the given single-run types whose run was never handed to Hangfire, submitted before
    /// <paramref name="submittedBefore"/>: a worker was killed between recording them and starting them.
    /// </summary>
    public async Task<IReadOnlyList<(Guid JobId, JobType Type)>> ListUnqueuedRunsAsync(
        IReadOnlyCollection<JobType> types, DateTime submittedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid, string)>(new CommandDefinition("""
            select id, job_type from jobs
            where state = 'Queued' and run_queued_at is null and submitted_at < @submittedBefore and job_type = any(@types)
            order by submitted_at limit 100
            """, new { submittedBefore, types = types.Select(t => t.ToString()).ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.Item1, Enum.Parse<JobType>(r.Item2)))];
    }

    /// <summary>Records a single-run job's latest progress (JSON).</summary>
    public async Task SetProgressAsync(Guid jobId, string progressJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update jobs set progress = cast(@progressJson as jsonb) where id = @jobId", new { jobId, progressJson }, cancellationToken: cancellationToken));
    }

    /// <summary>Cancels a job that is not final yet, and its pending chunks. Returns the job if this call cancelled it.</summary>
    public async Task<JobRecord?> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var job = await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition($"""
            update jobs set state = 'Cancelled', finished_at = @now, error = 'Cancelled on request.'
            where id = @jobId and state in ('Queued', 'Running')
            returning {JobColumns}
            """, new { jobId, now = time.GetUtcNow().UtcDateTime }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "update job_chunks set state = 'Cancelled' where job_id = @jobId and state = 'Pending'",
            new { jobId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return job;
    }

    /// <summary>
    /// Gives a running job its final state once no chunk is pending. Safe to call from every chunk: only the
    /// call that changes the state gets the job back, and the last chunk to commit always sees all the others.
    /// </summary>
    public async Task<JobRecord?> TryFinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition($"""
            with counts as (
                select count(*) filter (where succeeded) as succeeded from item_results where job_id = @jobId)
            update jobs j set
                state = case when c.succeeded = j.total_items then 'Succeeded'
                             when c.succeeded = 0 then 'Failed' else 'PartiallySucceeded' end,
                error = case when c.succeeded = 0 then 'Every item failed: see the item errors.' end,
                finished_at = @now
            from counts c
            where j.id = @jobId and j.state in ('Queued', 'Running')
              and not exists (select 1 from job_chunks where job_id = @jobId and state = 'Pending')
            returning {JobColumns}
            """, new { jobId, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task MarkEventPublishedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update jobs set event_published_at = @now where id = @jobId and event_published_at is null",
            new { jobId, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>Final jobs whose event a crash left unsent.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListUnpublishedAsync(DateTime finishedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRecord>(new CommandDefinition($"""
            select {JobColumns} from jobs
            where finished_at is not null and event_published_at is null and finished_at < @finishedBefore
            order by finished_at limit 500
            """, new { finishedBefore }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Deletes finished jobs (items, chunks and results cascade). Returns how many jobs went.</summary>
    public async Task<int> PurgeFinishedBeforeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from jobs where finished_at < @cutoff", new { cutoff }, commandTimeout: 600, cancellationToken: cancellationToken));
    }
}

internal sealed class ItemInput
{
    public byte[]? Data { get; init; }
    public string? Uri { get; init; }
    public byte[]? SealedInput { get; init; }
    public string? InputKeyId { get; init; }
}

/// <summary>An item-level problem found at intake; recorded as that item's result.</summary>
public sealed record IntakeError(string Code, string Message);
