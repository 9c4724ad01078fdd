using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos migrate</c>: copies a whole store (events with their positions and times, idempotency keys, the server's API
/// keys) into an empty store of any kind, folds its projections, and proves the copy by counts and a content hash.
/// </summary>
public sealed class MigrateCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<MigrateCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The store to copy.</summary>
        [CommandOption("--from <STORE>")]
        [Description("Store to copy: sqlite:PATH or postgres:\"Host=…;Database=…\". It is read from one snapshot; writers may go on, later writes are not copied.")]
        public string? From { get; init; }

        /// <summary>The store to fill.</summary>
        [CommandOption("--to <STORE>")]
        [Description("Empty store to copy into (created when missing): sqlite:PATH or postgres:\"Host=…;Database=…\".")]
        public string? To { get; init; }

        /// <summary>The language of the lines (a store copy names no team to take one from).</summary>
        [CommandOption("--lang <LANG>")]
        [Description("Language of the lines: ru or en (default: $KOS_LANG, else the locale, else English).")]
        public string? Lang { get; init; }

        /// <summary>Machine-readable output.</summary>
        [CommandOption("--json")]
        [Description("Print JSON instead of text, for scripting.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var l = CliLabels.For(RenderOptions.ParseRequested(settings.Lang, "--lang") ?? ErrorLanguage.Current);
        var from = StoreLocation.Parse(settings.From ?? throw InputException.Of("--from STORE is required (sqlite:PATH or postgres:CONNECTION).", "--from",
            ErrorCodes.OptionRequired, "--from", "store"), "--from");
        var to = StoreLocation.Parse(settings.To ?? throw InputException.Of("--to STORE is required (sqlite:PATH or postgres:CONNECTION).", "--to",
            ErrorCodes.OptionRequired, "--to", "store"), "--to");
        if (from.Describe() == to.Describe()) throw InputException.Of($"--from and --to are the same store ({from.Describe()}).", "--to", ErrorCodes.StoresSame, from.Describe());
        await using var source = await StoreFactory.OpenExistingAsync(from, time, "--from", ct);
        await using var target = await StoreFactory.OpenAsync(to, time, ct);
        var copied = await StoreCopy.CopyAsync(
            await ServerArchive.OpenAsync(source, time, ct), await ServerArchive.OpenAsync(target, time, ct), ct);
        if (settings.Json)
        {
            Output.Json(console, new { from = from.Describe(), to = to.Describe(), copied.Events, copied.Keys, copied.ApiKeys, sha256 = copied.Hash, verified = true });
        }
        else
        {
            Output.Line(console, l.Copied(from.Describe(), to.Describe(), copied.Events, copied.Keys, copied.ApiKeys));
            Output.Line(console, l.CopyVerified(copied.Hash));
        }
        return ExitCodes.Ok;
    }
}
