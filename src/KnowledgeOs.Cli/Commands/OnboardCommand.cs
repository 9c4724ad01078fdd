using KnowledgeOs.Text;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos onboard</c>: onboards every expert of a team file (<c>samples/team.json</c>).</summary>
public sealed class OnboardCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<OnboardCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The team file.</summary>
        [CommandArgument(0, "<TEAM_FILE>")]
        [Description("A team JSON file with team, project and experts (slug, displayName, role, priority, status, responsibility, duties, tags).")]
        public string File { get; init; } = "";
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var onboarded = await OnboardAsync(session, settings.File, ct);
        if (settings.Json) Output.Json(Console, onboarded);
        else Output.Line(Console, (await session.LabelsAsync(ct)).TeamOnboarded(onboarded.Count(o => o.New), onboarded.Count(o => !o.New), session.Team));
        return ExitCodes.Ok;
    }

    /// <summary>One expert of the file and whether it was new.</summary>
    /// <param name="Slug">Slug.</param>
    /// <param name="New">True when onboarded now.</param>
    public sealed record Onboarded(string Slug, bool New);

    /// <summary>Validates the whole file, then onboards each expert (a repeat is a no-op).</summary>
    public static async Task<List<Onboarded>> OnboardAsync(KosSession session, string path, CancellationToken ct)
    {
        if (!System.IO.File.Exists(path)) throw InputException.Of($"{path}: no such file.", path, ErrorCodes.FileMissing, path);
        var team = TeamFile.Parse(KnowledgeOs.Text.TextPolicy.DecodeUtf8(await InputFile.ReadAllBytesAsync(path, ct), path), path);
        var result = new List<Onboarded>();
        foreach (var expert in team.Experts)
        {
            var r = await session.Service.OnboardAsync(session.Team, expert, "import:" + Path.GetFileName(path), ct);
            result.Add(new Onboarded(expert.Slug, r.EventCount > 0));
        }
        return result;
    }
}
