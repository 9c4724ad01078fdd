using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>Options shared by the item commands.</summary>
public class ItemSettings : ChangeSettings
{
    /// <summary>The expert.</summary>
    [CommandArgument(0, "<EXPERT>")]
    [Description("The expert's slug.")]
    public string Expert { get; init; } = "";
}

/// <summary><c>kos item add</c>: adds an item to a section by hand (a confirmation when it exists).</summary>
public sealed class ItemAddCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ItemAddCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ItemSettings
    {
        /// <summary>Section code.</summary>
        [CommandArgument(1, "<SECTION>")]
        [Description("Section: responsibility, book, tool, practice, known, learned, problem, best_practice, advanced_book, expert_practice, certification, innovation, research, case, publication, mentorship, award, other.")]
        public string Section { get; init; } = "";

        /// <summary>Text.</summary>
        [CommandArgument(2, "<TEXT>")]
        [Description("The item's text (for a book its title, for a problem the problem).")]
        public string Text { get; init; } = "";

        /// <summary>Fields.</summary>
        [CommandOption("--field <NAME=VALUE>")]
        [Description("A section field, e.g. author=\"Martin Kleppmann\", solution=..., description=..., category=...; repeat for several.")]
        public string[]? Fields { get; init; }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => Command(settings);

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, CancellationToken ct) =>
        session.Service.AddAsync(session.Team, settings.Expert, Command(settings), settings.SourceName, ct);

    /// <inheritdoc/>
    protected override object Json(Settings settings, WriteResult result) =>
        new { itemId = Id(Command(settings)), result.Duplicate, result.Changes, result.Onboarded, result.EventCount };

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, Settings settings, WriteResult result)
    {
        var command = Command(settings);
        return result.EventCount == 0 ? labels.ItemAlreadyRecorded(Id(command)) : labels.ItemRecorded(Id(command), command.Section.Code(), settings.Expert);
    }

    // The item the options describe; an unknown section or a --field without '=' fails before the store is opened.
    private static AddKnowledge Command(Settings settings)
    {
        var section = SectionCatalog.ParseInput(settings.Section, "<SECTION>");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in settings.Fields ?? [])
        {
            var cut = f.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0) throw InputException.Of($"--field '{f}' is not NAME=VALUE.", "--field", ErrorCodes.FieldOptionInvalid, f);
            fields[f[..cut].Trim()] = f[(cut + 1)..];
        }
        return new AddKnowledge(section, settings.Text, fields);
    }

    // The id the decider gives the item (as the HTTP API answers it), so the next step (item retract/confirm) can name it.
    private static string Id(AddKnowledge command) => ExpertDecider.ItemIdOf(command);
}

/// <summary>Options of the commands on one item of an expert.</summary>
public class ItemIdSettings : ItemSettings
{
    /// <summary>Item id.</summary>
    [CommandArgument(1, "<ITEM>")]
    [Description("Item id or a unique prefix (see kos history).")]
    public string Item { get; init; } = "";
}

/// <summary><c>kos item confirm</c>: confirms an item by id.</summary>
public sealed class ItemConfirmCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ItemIdSettings>(console, time)
{
    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, ItemIdSettings settings, CancellationToken ct) =>
        session.Service.ConfirmAsync(session.Team, settings.Expert, settings.Item, settings.SourceName, ct);

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, ItemIdSettings settings, WriteResult result) =>
        result.EventCount == 0 ? labels.ItemAlreadyConfirmed : labels.ItemConfirmed(settings.Item);
}

/// <summary><c>kos item retract</c>: withdraws an item, with a reason; it stays in history.</summary>
public sealed class ItemRetractCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ItemRetractCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ItemIdSettings
    {
        /// <summary>Why.</summary>
        [CommandOption("--reason <TEXT>")]
        [Description("Why the item is withdrawn (required).")]
        public string? Reason { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate() =>
            // A missing option is the command line's fault (exit 1), not a bad input file's.
            string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required to retract an item, e.g. --reason \"superseded\".") : base.Validate();
    }

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, CancellationToken ct) =>
        session.Service.RetractAsync(session.Team, settings.Expert, settings.Item, settings.Reason!, settings.SourceName, ct);

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, Settings settings, WriteResult result) =>
        result.EventCount == 0 ? labels.ItemAlreadyRetracted : labels.ItemRetracted(settings.Item);
}
