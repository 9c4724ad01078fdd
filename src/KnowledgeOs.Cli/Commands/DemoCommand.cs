using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos demo</c>: loads the sample team and its task reports, then shows what the system learned.</summary>
public sealed class DemoCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<DemoCommand.Settings>(time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Samples folder.</summary>
        [CommandOption("--samples <DIR>")]
        [Description("A samples folder with team.json and reports/ (default: the sample team built into kos).")]
        public string? Samples { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var (onboarded, results, exitCode) = await SampleTeam.LoadAsync(session, settings.Samples, console, !settings.Json, ct);
        var experts = await session.Service.ListAsync(session.Team, ct);
        if (settings.Json)
        {
            Output.Json(console, new { team = session.Team, data = settings.Location.Describe(), onboarded, reports = results });
            return exitCode;
        }
        var language = await session.LanguageAsync(ct);
        var l = CliLabels.For(language);
        Output.Line(console, l.DemoOpening(session.Team, settings.Location.Describe(), onboarded.Count, onboarded.Count(o => o.New)));
        ReportBatch.Print(console, results, l);
        var lead = experts.OrderBy(e => e.State.Priority).ThenBy(e => e.State.Slug, StringComparer.Ordinal).First().State;
        console.Write(new Rule(Markup.Escape($"kos render {lead.Slug}")).LeftJustified());
        Output.Raw(console, MarkdownRenderer.Render(lead, new RenderOptions(language)));
        console.Write(new Rule().LeftJustified());
        Output.Line(console, l.DemoNext);
        return exitCode;
    }
}
