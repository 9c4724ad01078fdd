using KnowledgeOs.Rendering;
using KnowledgeOs.Metrics;
using KnowledgeOs.Team;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos progress</c>: the team ranked by evidenced program progress, with level and the change since last week.</summary>
public sealed class ProgressCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ProgressCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ProgramSettings
    {

        /// <summary>SVG output.</summary>
        [CommandOption("--svg <FILE>")]
        [Description("Also draw the ranking as an SVG picture to this file.")]
        public string? Svg { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var ranking = await settings.Reports(session, Time).RankingAsync(session.Team, session.AsOf, ct);
        if (settings.Svg is { } svg) await Output.FileAsync(svg, TeamSvg.Ranking(ranking), ct);
        var language = await session.LanguageAsync(ct);
        if (settings.Json)
        {
            var words = RenderLabels.For(language);
            Output.Json(Console, new
            {
                team = ranking.Team, asOf = ranking.AsOf, since = ranking.Since,
                rows = ranking.Rows.Select(r => new
                {
                    rank = r.Rank, expert = r.Slug, name = r.Name, role = r.Role, program = r.Program,
                    progress = r.Progress, done = r.Done, total = r.Total, level = r.Level, levelReason = r.LevelReason,
                    levelReasonText = words.LevelReasonText(r.Level, r.LevelReason), change = r.Change, claimed = r.Claimed,
                }),
            });
            return ExitCodes.Ok;
        }
        if (ranking.Rows.Count == 0)
        {
            Output.Line(Console, CliLabels.For(language).NoExperts(session.Team));
            return ExitCodes.Ok;
        }
        var l = RenderLabels.For(language);
        var table = Output.Table([.. l.RankingColumns]);
        foreach (var r in ranking.Rows)
        {
            var claim = r.Claimed is { } c ? l.ClaimedNotEvidence(c) : "";
            table.Row(r.Rank, $"{r.Name} ({r.Slug})", r.Role, $"{r.Progress}% ({r.Done}/{r.Total}){claim}", ExpertiseLevel.Stars(r.Level), r.Change is null ? l.New : r.ChangeText);
        }
        Console.Write(table);
        Output.Line(Console, CliLabels.For(language).ProgressNote);
        return ExitCodes.Ok;
    }
}
