using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos guidance</c>: writes an expert's guidance block (role, top confirmed practices and lessons, open problems,
/// each with its item id) into a Markdown file agents read by themselves (AGENTS.md, CLAUDE.md, .cursor/rules/*.mdc),
/// replacing only the block; or every active expert's into a folder. A file that already holds the block is not written.
/// </summary>
public sealed class GuidanceCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<GuidanceCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The expert.</summary>
        [CommandArgument(0, "[EXPERT]")]
        [Description("The expert's slug (not with --all).")]
        public string? Expert { get; init; }

        /// <summary>Output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("The Markdown file to put the block into (created when missing); without it the block is printed.")]
        public string? Out { get; init; }

        /// <summary>Every expert.</summary>
        [CommandOption("--all")]
        [Description("Every active expert of the team, one file each in --dir.")]
        public bool All { get; init; }

        /// <summary>Output folder for --all.</summary>
        [CommandOption("--dir <DIR>")]
        [Description("With --all: the folder of the files, one {slug}{ext} per expert.")]
        public string? Dir { get; init; }

        /// <summary>File extension for --all.</summary>
        [CommandOption("--ext <EXT>")]
        [Description("With --all: the files' extension (default .md; .mdc for .cursor/rules).")]
        public string Ext { get; init; } = ".md";

        /// <summary>Budget.</summary>
        [CommandOption("--budget <CHARS>")]
        [Description("Most characters of one block (default 4000).")]
        public int Budget { get; init; } = GuidanceBlock.DefaultBudget;

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (All && (Dir is null || Expert is not null || Out is not null)) return ValidationResult.Error("--all needs --dir and takes no EXPERT or --out.");
            if (!All && Expert is null) return ValidationResult.Error("Name an EXPERT, or use --all --dir DIR.");
            if (!All && Dir is not null) return ValidationResult.Error("--dir goes with --all; use --out FILE for one expert.");
            return base.Validate();
        }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        if (!settings.All && settings.Out is null)
        {
            var one = await GuidanceCompiler.CompileAsync(session.Service, session.Team, settings.Expert!, settings.Budget, ct);
            if (settings.Json) Output.Json(Console, new { expert = one.Expert, position = one.Origin.Position, block = one.Block });
            else Output.Raw(Console, one.Block + "\n");
            return ExitCodes.Ok;
        }
        var targets = await GuidanceCompiler.TargetsAsync(session.Service, session.Team, settings.Expert, settings.Out, settings.All ? settings.Dir : null, settings.Ext, ct);
        var l = settings.Json ? null : await session.LabelsAsync(ct);
        var written = new List<object>();
        foreach (var (slug, path) in targets)
        {
            var write = await GuidanceCompiler.RefreshAsync(session.Service, session.Team, slug, path, settings.Budget, ct);
            written.Add(new { expert = slug, file = path, position = write.Position, changed = write.Changed });
            if (l is not null) Output.Line(Console, l.GuidanceWritten(path, write.Position, write.Changed));
        }
        if (settings.Json) Output.Json(Console, written);
        return ExitCodes.Ok;
    }
}
