using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos demo</c>: loads the sample team and its task reports, then shows what the system learned.</summary>
public sealed class DemoCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<DemoCommand.Settings>(console, time)
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
        var (onboarded, results, exitCode) = await SampleTeam.LoadAsync(session, settings.Samples, Console, !settings.Json, ct);
        var experts = await session.Service.ListAsync(session.Team, ct);
        if (settings.Json)
        {
            Output.Json(Console, new { team = session.Team, data = settings.Location.Describe(), onboarded, reports = results });
            return exitCode;
        }
        var language = await session.LanguageAsync(ct);
        var l = CliLabels.For(language);
        Output.Line(Console, l.DemoOpening(session.Team, settings.Location.Describe(), onboarded.Count, onboarded.Count(o => o.New)));
        ReportBatch.Print(Console, results, l);
        var lead = experts.OrderBy(e => e.State.Priority).ThenBy(e => e.State.Slug, StringComparer.Ordinal).First().State;
        Console.Write(new Rule(Markup.Escape($"kos render {lead.Slug}")).LeftJustified());
        Output.Raw(Console, MarkdownRenderer.Render(lead, new RenderOptions(language)));
        Console.Write(new Rule().LeftJustified());
        Output.Line(Console, l.DemoNext);
        return exitCode;
    }
}
