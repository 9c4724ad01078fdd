using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos export</c>: writes <c>{slug}_knowledge.md</c> for every expert (the ATRA layout), <c>{slug}_program.md</c> for
/// every expert who brought a learning program (<see cref="ProgramFileRenderer"/>), and a JSON export of everything.
/// </summary>
public sealed class ExportCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ExportCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Folder to write into (created if missing).")]
        public string? Out { get; init; }

    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Out)) throw InputException.Of("--out DIR is required.", "--out", ErrorCodes.OptionRequired, "--out", "");
        if (File.Exists(settings.Out)) throw InputException.Of($"--out {settings.Out} is a file; give a folder (created if missing).", "--out", ErrorCodes.FolderExpected, "--out", settings.Out);
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var folder = settings.Out!; // CheckInput refused a missing one
        var experts = await session.Service.ListAsync(session.Team, ct);
        var language = settings.Lang is { } asked ? RenderOptions.ParseLanguage(asked, "--lang") : TeamLanguage.Of(experts.Select(e => e.State));
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var programs = 0;
        foreach (var e in experts)
        {
            var path = Path.Combine(folder, $"{e.State.Slug}_knowledge.md");
            await WriteAtomicallyAsync(path, MarkdownRenderer.Render(e.State, new RenderOptions(language)), ct);
            written.Add(path);
            if (ProgramFileRenderer.Render(e.State, language == RenderLanguage.En) is { } program)
            {
                var programPath = Path.Combine(folder, ProgramFileRenderer.FileName(e.State.Slug));
                await WriteAtomicallyAsync(programPath, program, ct);
                written.Add(programPath);
                programs++;
            }
        }
        var jsonPath = Path.Combine(folder, $"{session.Team}_export.json");
        await WriteAtomicallyAsync(jsonPath, KnowledgeExport.Of(session.Team, experts).ToJson(), ct);
        written.Add(jsonPath);
        if (settings.Json) Output.Json(Console, written);
        else Output.Line(Console, CliLabels.For(language).Exported(experts.Count, programs, Path.GetFileName(jsonPath), folder));
        return ExitCodes.Ok;
    }

    /// <summary>Writes to a temporary file and renames it, so a reader never sees half a document.</summary>
    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }
}
