using KnowledgeOs.Rendering;
using KnowledgeOs.Team;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos team</c>: the team knowledge document (members, coverage, weekly gains, shared practices, who knows what, ranking).</summary>
public sealed class TeamCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<TeamCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ProgramSettings
    {

        /// <summary>Output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write the Markdown document to a file instead of standard output.")]
        public string? Out { get; init; }

        /// <summary>SVG output folder.</summary>
        [CommandOption("--svg <DIR>")]
        [Description("Also draw skill-matrix.svg and progress.svg into this folder.")]
        public string? Svg { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var overview = await settings.Reports(session, Time).OverviewAsync(session.Team, session.AsOf, ct);
        if (settings.Svg is { } dir)
        {
            await Output.FileAsync(Path.Combine(dir, "skill-matrix.svg"), TeamSvg.SkillMatrix(overview.Matrix, overview.Team), ct);
            await Output.FileAsync(Path.Combine(dir, "progress.svg"), TeamSvg.Ranking(overview.Ranking), ct);
        }
        if (settings.Json)
        {
            Output.Json(Console, ToJson(overview));
            return ExitCodes.Ok;
        }
        var language = await session.LanguageAsync(ct);
        var markdown = TeamDocument.Render(overview, language);
        await Output.DocumentAsync(Console, settings.Out, markdown, path => CliLabels.For(language).TeamWritten(path, overview.Members, overview.CoveragePercent), ct);
        return ExitCodes.Ok;
    }

    /// <summary>The overview as a JSON-ready object.</summary>
    public static object ToJson(TeamOverview o) => new
    {
        team = o.Team, asOf = o.AsOf, members = o.Members, active = o.Active, withKnowledgeBase = o.WithKnowledgeBase,
        coveragePercent = o.CoveragePercent, gainedThisWeek = o.GainedTotal,
        gainedByExpert = o.GainedThisWeek.Select(g => new { expert = g.Slug, name = g.Name, items = g.Items }),
        topPractices = o.TopPractices.Select(p => new { text = p.Text, experts = p.Experts, evidence = p.Evidence, who = p.Who }),
        skillMatrix = new
        {
            topics = o.Matrix.Topics,
            rows = o.Matrix.Rows.Select(r => new { expert = r.Slug, name = r.Name, scores = r.Scores, declared = r.Declared }),
        },
        ranking = o.Ranking.Rows.Select(r => new { rank = r.Rank, expert = r.Slug, progress = r.Progress, level = r.Level, change = r.Change }),
    };
}
