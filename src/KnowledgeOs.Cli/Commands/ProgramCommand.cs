using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos program</c>: an expert's learning program in the ATRA layout, ticked only where the evidence holds.</summary>
public sealed class ProgramCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ProgramCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ProgramSettings
    {
        /// <summary>The expert.</summary>
        [CommandArgument(0, "<EXPERT>")]
        [Description("The expert's slug.")]
        public string Expert { get; init; } = "";


        /// <summary>Output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write to a file instead of standard output.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var english = await session.LanguageAsync(ct) == RenderLanguage.En;
        var progress = await settings.Reports(session, Time).ProgramAsync(session.Team, settings.Expert, session.AsOf, ct);
        if (settings.Json)
        {
            Output.Json(Console, ToJson(progress, english));
            return ExitCodes.Ok;
        }
        var markdown = ProgramRenderer.Render(progress, english);
        await Output.DocumentAsync(Console, settings.Out, markdown,
            path => CliLabels.For(english ? RenderLanguage.En : RenderLanguage.Ru).ProgramWritten(path, progress.Percent, progress.Done, progress.Total, progress.Template.Id), ct);
        return ExitCodes.Ok;
    }

    /// <summary>The evaluated program as a JSON-ready object.</summary>
    public static object ToJson(ProgramProgress p, bool english = true) => new
    {
        expert = p.State.Slug,
        name = p.State.DisplayName,
        role = p.State.Role,
        program = p.Template.Id,
        ownProgram = p.Template.ImportedFrom,
        progress = p.Percent,
        done = p.Done,
        total = p.Total,
        needPerson = p.NeedPerson,
        goals = p.Template.Goals.Select(g => new { title = g.Title, points = g.Items }),
        materials = (p.Materials ?? []).Select(m => new
        {
            kind = m.Entry.Kind,
            text = m.Entry.Text,
            rule = m.Entry.Rule is NoRule ? null : m.Entry.Rule.Text,
            holds = m.Result.Holds,
            evidence = m.Result.Evidence.In(english),
            itemId = m.Result.ItemId,
            taskId = m.Result.TaskId,
        }),
        level = p.Metrics.Level,
        levelReason = p.Metrics.LevelReason,
        levelReasonText = RenderLabels.For(english ? RenderLanguage.En : RenderLanguage.Ru).LevelLine(p.Metrics.Evidence),
        claimed = p.Claims.Select(c => new { percent = c.Percent, label = c.Label, value = c.Value, source = c.Source, note = "a claim from an imported file, not progress" }),
        claimedTicks = p.ClaimedTicks is { } t ? new { ticked = t.Ticked, items = t.Items, file = t.File, note = "ticks typed in the imported program, not progress" } : null,
        items = p.Items.Select(i => new
        {
            weeks = i.Stage.Weeks,
            tier = i.Stage.Tier.ToString().ToLowerInvariant(),
            stage = i.Stage.Heading ?? i.Stage.Title,
            text = i.Item.Text,
            rule = i.Item.Rule is NoRule ? null : i.Item.Rule.Text,
            holds = i.Result.Holds,
            evidence = i.Result.Evidence.In(english),
            itemId = i.Result.ItemId,
            taskId = i.Result.TaskId,
            toClose = i.Result.Holds ? null : i.Result.ToClose.In(english),
        }),
        criteria = p.Criteria.Select(c => new { text = c.Criterion.Text, rule = c.Criterion.Rule is null or NoRule ? null : c.Criterion.Rule.Text, holds = c.Result?.Holds, evidence = c.Result?.Evidence.In(english) }),
    };
}
