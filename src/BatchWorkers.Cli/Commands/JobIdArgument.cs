using System.CommandLine;

namespace BatchWorkers.Cli.Commands;

/// <summary>The <c>JOB</c> argument of <c>status</c>, <c>results</c> and <c>cancel</c>: a job id as <c>bw submit</c> prints it.</summary>
internal static class JobIdArgument
{
    public static Argument<Guid> Create() => new("job")
    {
        Description = "The job id, as bw submit and bw jobs print it",
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Guid.TryParse(token, out var id))
            {
                return id;
            }

            result.AddError($"'{token}' is not a job id: expected one like 3f2b9c1e-0d4a-4c6e-9b1a-7e5d2c8f1a40 (see bw jobs).");
            return Guid.Empty;
        },
    };
}
