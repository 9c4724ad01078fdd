using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos expert list</c>: the team's experts with their computed metrics, side by side with what routing weighs (open
/// tasks, success rate on past tasks, items, the last task's date), so a team lead can compare them.
/// </summary>
public sealed class ExpertListCommand(IAnsiConsole console, TimeProvider time) : ReadCommand<KosSettings, IReadOnlyList<ExpertListCommand.Row>>(console, time)
{
    /// <summary>Terminals narrower than this get the table without priority, status, counts and level.</summary>
    public const int NarrowWidth = 110;

    /// <summary>One expert with what the list shows of it.</summary>
    public sealed record Row(ExpertState State, ExpertMetrics Metrics, long Version, int Items, DateTimeOffset? LastTaskAt);

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<Row>> ReadAsync(KosSession session, KosSettings settings, CancellationToken ct) =>
        [.. (await session.Service.ListAsync(session.Team, ct)).Select(e => new Row(e.State, ExpertMetrics.Of(e.State), e.Version,
            e.State.Items.Values.Count(i => i.IsActive), e.State.Tasks.IsEmpty ? null : e.State.Tasks.Max(t => t.At)))];

    /// <inheritdoc/>
    protected override object Json(IReadOnlyList<Row> rows) => rows.Select(r => new
    {
        r.State.Slug, r.State.DisplayName, r.State.Role, r.State.Project, r.State.Priority, r.State.Status,
        r.State.Tags, r.Version, Metrics = r.Metrics, OpenTasks = r.State.OpenTasks.Count,
        OpenTaskList = OpenTaskView.Of(r.State), r.Metrics.SuccessRate, r.Items, r.LastTaskAt,
    }).ToList();

    /// <inheritdoc/>
    protected override void Show(CliLabels l, KosSession session, KosSettings settings, IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            Output.Line(Console, l.NoExperts(session.Team));
            return;
        }
        // Eleven columns do not fit a narrow terminal: below NarrowWidth the table keeps what a lead compares (who, role,
        // success, open, last task) and leaves priority, status, task and item counts and level to `kos expert show` and --json.
        var narrow = Console.Profile.Width < NarrowWidth;
        int[] shown = narrow ? [0, 1, 2, 6, 9, 10] : [.. Enumerable.Range(0, l.ExpertColumns.Count)];
        var table = Output.Table([.. shown.Select(i => l.ExpertColumns[i])]);
        foreach (var (state, m, _, items, lastTaskAt) in rows)
        {
            object?[] cells = [state.Slug, state.DisplayName, state.Role, state.Priority, l.ExpertStatus(state.Status), m.TasksCompleted,
                m.SuccessRate is { } r ? $"{r}%" : "—", items, ExpertiseLevel.Stars(m.Level), state.OpenTasks.Count,
                lastTaskAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—"];
            table.Row([.. shown.Select(i => cells[i])]);
        }
        Console.Write(table);
    }
}
