using System.ComponentModel;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos demo</c>: loads the sample team and its task reports, then shows what the system learned.</summary>
public sealed class DemoCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<DemoCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Samples folder.</summary>
        [CommandOption("--samples <DIR>")]
        [Description("The samples folder (default: ./samples, searched upward from here and from the kos binary).")]
        public string? Samples { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var samples = settings.Samples ?? FindSamples()
            ?? throw new InputException("No samples folder found; pass --samples DIR (the repository's samples/).", "--samples");
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var onboarded = await OnboardCommand.OnboardAsync(session, Path.Combine(samples, "team.json"), ct);
        var files = InputFiles.Expand([Path.Combine(samples, "reports")], "*.json");
        var (results, exitCode) = await ReportBatch.LearnAsync(session, files, onboard: false, console, !settings.Json, ct);
        var experts = await session.Service.ListAsync(session.Team, ct);
        if (settings.Json)
        {
            Output.Json(console, new { team = session.Team, data = settings.Location.Describe(), onboarded, reports = results });
            return exitCode;
        }
        Output.Line(console, $"Team '{session.Team}' in {settings.Location.Describe()}: {onboarded.Count} experts ({onboarded.Count(o => o.New)} new).");
        ReportBatch.Print(console, results);
        var lead = experts.OrderBy(e => e.State.Priority).ThenBy(e => e.State.Slug, StringComparer.Ordinal).First().State;
        console.Write(new Rule(Markup.Escape($"kos render {lead.Slug}")).LeftJustified());
        Output.Raw(console, MarkdownRenderer.Render(lead, new RenderOptions()));
        console.Write(new Rule().LeftJustified());
        Output.Line(console, "Next: kos expert list · kos render <slug> --lang en · kos history <slug> · kos learn samples/reports/ (again: nothing changes)");
        return exitCode;
    }

    /// <summary>The samples folder (with team.json) above the working directory or the kos binary, or null.</summary>
    internal static string? FindSamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, "team.json"))) return candidate;
            }
        }
        return null;
    }
}
