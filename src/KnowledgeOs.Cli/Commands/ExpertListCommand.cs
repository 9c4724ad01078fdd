using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert list</c>: the team's experts with their computed metrics.</summary>
public sealed class ExpertListCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<KosSettings>(time)
{
    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, KosSettings settings, CancellationToken ct)
    {
        var experts = await session.Service.ListAsync(session.Team, ct);
        var rows = experts.Select(e => (e.State, Metrics: ExpertMetrics.Of(e.State), e.Version)).ToList();
        if (settings.Json)
        {
            Output.Json(console, rows.Select(r => new
            {
                r.State.Slug, r.State.DisplayName, r.State.Role, r.State.Project, r.State.Priority, r.State.Status,
                r.State.Tags, r.Version, Metrics = r.Metrics, OpenTasks = r.State.OpenTasks.Count,
                OpenTaskList = OpenTaskView.Of(r.State),
            }).ToList());
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        if (rows.Count == 0)
        {
            Output.Line(console, l.NoExperts(session.Team));
            return ExitCodes.Ok;
        }
        var table = Output.Table([.. l.ExpertColumns]);
        foreach (var (state, m, _) in rows)
        {
            table.Row(state.Slug, state.DisplayName, state.Role, state.Priority, l.ExpertStatus(state.Status), m.TasksCompleted,
                m.SuccessRate is { } r ? $"{r}%" : "—", state.Items.Values.Count(i => i.IsActive), ExpertiseLevel.Stars(m.Level), state.OpenTasks.Count);
        }
        console.Write(table);
        return ExitCodes.Ok;
    }
}
