using System.Buffers.Binary;
using Npgsql;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// A PostgreSQL session-level advisory lock on one fine-tune job, held on a connection of its own for the whole run,
/// so two Hangfire jobs for the same fine-tune job (the sweep starts one again when a crash left the first unmarked)
/// never train at once. A run that dies closes its connection, and the lock goes with it.
/// </summary>
public sealed class FineTuneRunLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly (int High, int Low) _key;

    private FineTuneRunLock(NpgsqlConnection connection, (int High, int Low) key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another run of the job holds it.</summary>
    public static async Task<FineTuneRunLock?> TryTakeAsync(NpgsqlDataSource dataSource, Guid jobId, CancellationToken cancellationToken)
    {
        var key = KeyOf(jobId);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await ExecuteAsync(connection, "select pg_try_advisory_lock(@high, @low)", key, cancellationToken))
            {
                return new FineTuneRunLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// The job id folded to 64 bits, as the two-key form: a key space of its own, apart from the one-key locks on
    /// migrations and model versions (<see cref="FineTuneVersioning"/>), so they cannot collide.
    /// </summary>
    public static (int High, int Low) KeyOf(Guid jobId)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes);
        // Both halves: a version 7 id's first half is mostly its timestamp, its second half mostly random.
        var folded = BinaryPrimitives.ReadInt64LittleEndian(bytes[..8]) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        return ((int)(folded >> 32), (int)folded);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Explicitly: a pooled connection is reset only when next used, and would keep the lock until then.
            await ExecuteAsync(_connection, "select pg_advisory_unlock(@high, @low)", _key, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is broken: its session, and with it the lock, is gone already.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private static async Task<bool> ExecuteAsync(NpgsqlConnection connection, string sql, (int High, int Low) key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("high", key.High);
        command.Parameters.AddWithValue("low", key.Low);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
