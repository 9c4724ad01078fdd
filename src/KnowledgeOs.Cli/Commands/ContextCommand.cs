using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Text;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos context</c>: the team's knowledge for a task, per participant, within a budget of characters or tokens (docs/RETRIEVAL.md).</summary>
public sealed class ContextCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ContextCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : RetrievalSettings
    {
        /// <summary>Task text.</summary>
        [CommandOption("--task <TEXT>")]
        [Description("The task: what needs doing, in Russian or English.")]
        public string? Task { get; init; }

        /// <summary>Task title.</summary>
        [CommandOption("--title <TITLE>")]
        [Description("The task's title, if it has one apart from the text (it is matched too).")]
        public string? Title { get; init; }

        /// <summary>Participants.</summary>
        [CommandOption("--expert <SLUGS>")]
        [Description("Participants, comma-separated slugs (default: the top 3 that kos route picks).")]
        public string? Experts { get; init; }

        /// <summary>Budget.</summary>
        [CommandOption("--budget <N>")]
        [Description("Most characters (or tokens, with --budget-unit tokens) the Markdown may have (default 6000 characters, 500–200000; 1500 tokens, 150–100000).")]
        public int? Budget { get; init; }

        /// <summary>Budget unit.</summary>
        [CommandOption("--budget-unit <UNIT>")]
        [Description("What --budget counts: chars (default) or tokens.")]
        public string? BudgetUnit { get; init; }

        /// <summary>Tokenizer.</summary>
        [CommandOption("--tokenizer <NAME>")]
        [Description("The tokenizer tokens are counted with: o200k (default; GPT-4o and later) or cl100k (GPT-4, GPT-3.5). Implies --budget-unit tokens.")]
        public string? Tokenizer { get; init; }


    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => Request(settings);

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var request = Request(settings);
        using var embeddings = await settings.OpenEmbeddingsAsync(session, Time, ct);
        ContextPack pack;
        try
        {
            pack = await new RetrievalService(session.Service, embeddings?.Neighbours()).ContextAsync(session.Team, request, ct);
        }
        catch (InputException ex) when (ex.Field is "task" or "budget" or "experts")
        {
            // The domain names the request field; the user typed an option.
            var option = ex.Field == "experts" ? "--expert" : "--" + ex.Field;
            throw new InputException($"{option}: {ex.Message}", option, ex)
                .WithCode(ex.Code, [.. ex.Args.Select(a => a == ex.Field ? option : a)]);
        }
        if (settings.Json) Output.Json(Console, pack);
        else Output.Raw(Console, pack.Markdown);
        return ExitCodes.Ok;
    }

    // The request the options make; a missing task or an unknown budget unit or tokenizer fails here, before the store is opened.
    private static ContextPackRequest Request(Settings settings)
    {
        var language = RenderOptions.ParseRequested(settings.Lang, "--lang");
        if (string.IsNullOrWhiteSpace(settings.Task) && string.IsNullOrWhiteSpace(settings.Title))
            throw InputException.Of("Give the task: --task \"text\" (and optionally --title).", "--task", ErrorCodes.TaskMissing, "--task");
        var experts = (settings.Experts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (unit, tokenizer) = PackBudget.Parse(settings.BudgetUnit, settings.Tokenizer, "--budget-unit", "--tokenizer");
        return new ContextPackRequest(settings.Task ?? "", settings.Title, experts,
            settings.Budget ?? PackBudget.DefaultFor(unit, ContextPack.DefaultBudget), language, unit, tokenizer);
    }
}
