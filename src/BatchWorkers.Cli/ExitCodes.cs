namespace BatchWorkers.Cli;

/// <summary>What <c>bw</c> returns to the shell.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The worker refused the request, could not be reached, or an input was wrong.</summary>
    public const int Error = 1;

    /// <summary>The command line could not be parsed.</summary>
    public const int Usage = 2;

    /// <summary><c>submit --wait</c> saw the job end <c>failed</c>.</summary>
    public const int JobFailed = 3;

    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;
}
