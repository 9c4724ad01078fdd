using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos expert list</c>: the team's experts with their computed metrics, side by side with what routing weighs (open
/// tasks, success rate on past tasks, items, the last task's date), so a team lead can compare them.
/// </summary>
public sealed class ExpertListCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<KosSettings>(time)
{
    /// <summary>Terminals narrower than this get the table without priority, status, counts and level.</summary>
    public const int NarrowWidth = 110;

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, KosSettings settings, CancellationToken ct)
    {
        var experts = await session.Service.ListAsync(session.Team, ct);
        var rows = experts.Select(e => (e.State, Metrics: ExpertMetrics.Of(e.State), e.Version,
            Items: e.State.Items.Values.Count(i => i.IsActive), LastTaskAt: e.State.Tasks.IsEmpty ? (DateTimeOffset?)null : e.State.Tasks.Max(t => t.At))).ToList();
        if (settings.Json)
        {
            Output.Json(console, rows.Select(r => new
            {
                r.State.Slug, r.State.DisplayName, r.State.Role, r.State.Project, r.State.Priority, r.State.Status,
                r.State.Tags, r.Version, Metrics = r.Metrics, OpenTasks = r.State.OpenTasks.Count,
                OpenTaskList = OpenTaskView.Of(r.State), r.Metrics.SuccessRate, r.Items, r.LastTaskAt,
            }).ToList());
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        if (rows.Count == 0)
        {
            Output.Line(console, l.NoExperts(session.Team));
            return ExitCodes.Ok;
        }
        // Eleven columns do not fit a narrow terminal: below NarrowWidth the table keeps what a lead compares (who, role,
        // success, open, last task) and leaves priority, status, task and item counts and level to `kos expert show` and --json.
        var narrow = console.Profile.Width < NarrowWidth;
        int[] shown = narrow ? [0, 1, 2, 6, 9, 10] : [.. Enumerable.Range(0, l.ExpertColumns.Count)];
        var table = Output.Table([.. shown.Select(i => l.ExpertColumns[i])]);
        foreach (var (state, m, _, items, lastTaskAt) in rows)
        {
            object?[] cells = [state.Slug, state.DisplayName, state.Role, state.Priority, l.ExpertStatus(state.Status), m.TasksCompleted,
                m.SuccessRate is { } r ? $"{r}%" : "—", items, ExpertiseLevel.Stars(m.Level), state.OpenTasks.Count,
                lastTaskAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—"];
            table.Row([.. shown.Select(i => cells[i])]);
        }
        console.Write(table);
        return ExitCodes.Ok;
    }
}
