using KnowledgeOs.Application;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos rebuild</c>: rebuilds every projection from the log and proves it equal to the inline one.</summary>
public sealed class RebuildCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<RebuildCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Only compare.</summary>
        [CommandOption("--check")]
        [Description("Only compare the replay with the stored projections; write nothing.")]
        public bool Check { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var report = await ProjectionRebuilder.RebuildAsync(session.Store, !settings.Check, null, ct);
        if (settings.Json)
        {
            Output.Json(Console, report);
        }
        else
        {
            var l = await session.LabelsAsync(ct);
            Output.Line(Console, l.Replayed(report.Events, report.Streams));
            Output.Line(Console, l.RebuildCompared(report.Mismatches, report.Written));
        }
        return report.Mismatches.Count == 0 || report.Written ? ExitCodes.Ok : ExitCodes.Conflict;
    }
}
