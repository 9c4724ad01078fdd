using System.ComponentModel;
using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Http;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>An expert as <c>list_experts</c> shows it.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
/// <param name="Status">active, paused or retired.</param>
/// <param name="Tags">Expertise tags.</param>
/// <param name="Level">Expertise level, 1–5.</param>
/// <param name="LevelReason">The level's one-line reason, as stored (English).</param>
/// <param name="LevelReasonText">The level's reason worded in the asked language (<c>lang</c>, else the team's).</param>
/// <param name="TasksCompleted">Tasks taken part in.</param>
/// <param name="KnowledgeGained">Active known and learned items.</param>
public sealed record McpExpert(string Expert, string DisplayName, string Role, string Status, IReadOnlyList<string> Tags, int Level,
    string LevelReason, string LevelReasonText, int TasksCompleted, int KnowledgeGained)
{
    /// <summary>Tasks started and not finished (start_work, or a report whose outcome is in_progress).</summary>
    public int OpenTasks { get; init; }

    /// <summary>The open tasks themselves, oldest first (task id, title, startedAt); absent when there are none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OpenTaskView>? OpenTaskList { get; init; }
}

/// <summary>One hit of <c>search_knowledge</c>.</summary>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id.</param>
/// <param name="Section">Section code.</param>
/// <param name="Text">Item text.</param>
/// <param name="Confirmations">Later confirmations.</param>
/// <param name="Score">Relevance within this answer.</param>
/// <param name="Matches">Which query words the item matched and how (stem, lemma, glossary, teamGlossary, transliteration).</param>
/// <param name="Kind"><c>item</c>, or <c>task</c> for a task's task-level knowledge (its item id is <c>task:</c> and the task id).</param>
/// <param name="TaskId">The task of a task hit.</param>
/// <param name="Experts">The experts who took part in the task of a task hit.</param>
/// <param name="Usefulness">The item's usefulness factor in the score, when not 1 (docs/RETRIEVAL.md, "Usefulness").</param>
/// <param name="Vector">Found by meaning: the cosine of the item's vector with the query's, when the server has embeddings and the vector side found the hit.</param>
public sealed record McpSearchHit(string Expert, string ItemId, string Section, string Text, int Confirmations, double Score, IReadOnlyList<TermMatch> Matches,
    string Kind = "item",
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? TaskId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Experts = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Usefulness = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Vector = null)
{
    /// <summary>The tool's view of a hit.</summary>
    public static McpSearchHit Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new McpSearchHit(hit.Expert, hit.ItemId, hit.SectionCode, hit.Text, hit.Confirmations, Math.Round(hit.Score, 6), hit.Matches ?? [],
            hit.Kind == SearchHitKind.Task ? "task" : "item", hit.TaskId, hit.TaskExperts, hit.Usefulness == 1 ? null : Math.Round(hit.Usefulness, 4),
            VectorSimilarity.Shown(hit.Similarity));
    }
}

/// <summary>What <c>learn_from_report</c> did.</summary>
/// <param name="TaskId">The report's task id (the idempotency key).</param>
/// <param name="Format">native or atra.</param>
/// <param name="Duplicate">True when this task was learned before: nothing was written.</param>
/// <param name="Events">Events written now.</param>
/// <param name="Experts">Experts whose knowledge base changed.</param>
/// <param name="Onboarded">Experts onboarded by this report.</param>
public sealed record McpLearnResult(string TaskId, string Format, bool Duplicate, int Events, IReadOnlyList<string> Experts, IReadOnlyList<string> Onboarded)
{
    /// <summary>The revision applied (amend of a task learned before); absent for a plain learn.</summary>
    public string? Revision { get; init; }
}

/// <summary>
/// The MCP tools of KnowledgeOS: the same application services as the CLI and the REST API, on the caller's team
/// (<see cref="McpCaller"/>). Domain errors come back as tool errors with their message, so an agent can correct its call.
/// </summary>
[McpServerToolType]
public sealed class KnowledgeTools(KnowledgeService knowledge, RetrievalService retrieval, ISearchIndex search, McpCaller caller)
{
    private const string AsOfText = "Read as of this time: what had happened by then (ISO 8601 date-time, or a date meaning its end, UTC). Omit for now.";
    private const string RecordedAsOfText = "Read as the system had recorded it by this time (an audit view); not with asOf. Omit for now.";

    /// <summary>route_task.</summary>
    [McpServerTool(Name = "route_task", Title = "Route a task to the right expert", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Rank the team's experts for a task by their recorded knowledge (BM25 × evidence), role and tags, successful tasks on the topic and level. Each expert comes with a one-line reason: `why` in English as the routing states it, `whyText` worded in lang (the team's language by default).")]
    public Task<CallToolResult> RouteTask(
        [Description("The task text, Russian or English.")] string task,
        [Description("How many experts to return (1–100).")] int top = 5,
        [Description("ru or en, for whyText; omit for the team's language.")] string? lang = null,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            if (lang is not null) RenderOptions.ParseLanguage(lang, "lang");
            var routed = await retrieval.RouteAsync(caller.Team, task, null, top, ct);
            var words = CliLabels.For(TeamLanguage.Resolve(lang, "lang", (await knowledge.ListAsync(caller.Team, ct)).Select(e => e.State)));
            // The routing's own fields as they are, with its reason worded beside its English line.
            return routed.Select(r =>
            {
                var node = JsonSerializer.SerializeToNode(r, McpToolRun.Json)!.AsObject();
                node["whyText"] = words.RouteWhy(r);
                return node;
            }).ToList();
        });

    /// <summary>context_pack.</summary>
    [McpServerTool(Name = "context_pack", Title = "Context pack for a task", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The team's knowledge relevant to a task as Markdown: per participant, known practices, problems with solutions, best practices with source and date, cases and materials, most relevant first, each line with its item id and source, within a character budget; asOf / recordedAsOf read the team's knowledge at a past time. The last line gives the pack's id: list it (or the item ids you used) in the report's usedItems so the task's outcome weighs those items.")]
    public Task<CallToolResult> ContextPack(
        [Description("The task text, Russian or English.")] string task,
        [Description("The task title, if separate.")] string? title = null,
        [Description("Participants' slugs; omit to take the top 3 experts route_task picks.")] string[]? experts = null,
        [Description("Most characters of Markdown (500–200000).")] int budget = KnowledgeOs.Retrieval.ContextPack.DefaultBudget,
        [Description("ru or en; omit for the team's language.")] string? lang = null,
        [Description(AsOfText)] string? asOf = null,
        [Description(RecordedAsOfText)] string? recordedAsOf = null,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            var language = RenderOptions.ParseRequested(lang, "lang");
            var at = Queries.PointOfView(asOf, recordedAsOf);
            var pack = await retrieval.ContextAsync(caller.Team, new ContextPackRequest(task, title, experts, budget, language), at, ct);
            return ContextPackText.Of(pack);
        });

    /// <summary>search_knowledge.</summary>
    [McpServerTool(Name = "search_knowledge", Title = "Search the team's knowledge", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Search over the team's active knowledge items and the task-level knowledge of learned tasks (description, overall lists, metrics, what to improve), across Russian and English: hits matching the most query words first (any word form, glossary translations and synonyms, transliterations), then by BM25 × the item's usefulness in past tasks. Optional filters by expert and section. Returns hits best first with expert, item id, section, text, how each word matched, kind (item or task, with taskId and experts) and usefulness when not 1.")]
    public Task<CallToolResult> SearchKnowledge(
        [Description("The words to find.")] string query,
        [Description("Only these experts (slugs).")] string[]? experts = null,
        [Description("Only these sections (known, learned, problem, best_practice, practice, case, book…).")] string[]? sections = null,
        [Description("Most hits to return (1–100).")] int limit = 20,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            if (limit is < 1 or > 100) throw InputException.Of($"limit must be between 1 and 100 (got {limit}).", "limit", ErrorCodes.NumberNotBetween, "limit", "1", "100");
            var kinds = (sections ?? []).Select(s => SectionCatalog.ParseInput(s, "sections")).ToList();
            var hits = await search.SearchAsync(new SearchQuery(caller.Team, query, experts, kinds, Limit: limit), ct);
            return hits.Select(McpSearchHit.Of).ToList();
        });

    /// <summary>get_knowledge.</summary>
    [McpServerTool(Name = "get_knowledge", Title = "An expert's knowledge base", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("An expert's whole knowledge base as Markdown, as `kos render` prints it (retracted items left out, metrics computed from evidence), now or as of a past time (asOf / recordedAsOf, as `kos render --as-of`).")]
    public Task<CallToolResult> GetKnowledge(
        [Description("The expert's slug (see list_experts).")] string expert,
        [Description("ru or en; omit for the language of the expert's own text.")] string? lang = null,
        [Description(AsOfText)] string? asOf = null,
        [Description(RecordedAsOfText)] string? recordedAsOf = null,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            if (lang is not null) RenderOptions.ParseLanguage(lang, "lang");
            var at = Queries.PointOfView(asOf, recordedAsOf);
            KnowledgeOs.Experts.ExpertDecider.ValidateSlug(expert, "expert");
            var snapshot = await knowledge.GetAsync(caller.Team, expert, at, ct);
            return MarkdownRenderer.Render(snapshot.State, new RenderOptions(TeamLanguage.Resolve(lang, "lang", [snapshot.State])));
        });

    /// <summary>list_experts.</summary>
    [McpServerTool(Name = "list_experts", Title = "The team's experts", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The team's experts: slug, name, role, status, tags, level with its reason (`levelReason` as stored, `levelReasonText` worded in lang), tasks completed, knowledge gained, openTasks (tasks started, not finished) and openTaskList (each open task's taskId, title, startedAt).")]
    public Task<CallToolResult> ListExperts(
        [Description("ru or en, for levelReasonText; omit for the team's language.")] string? lang = null,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            if (lang is not null) RenderOptions.ParseLanguage(lang, "lang");
            var experts = await knowledge.ListAsync(caller.Team, ct);
            var words = RenderLabels.For(TeamLanguage.Resolve(lang, "lang", experts.Select(e => e.State)));
            return experts.Select(e =>
            {
                var m = ExpertMetrics.Of(e.State);
                return new McpExpert(e.State.Slug, e.State.DisplayName, e.State.Role, e.State.Status.Code(), e.State.Tags, m.Level, m.LevelReason,
                    words.LevelReasonText(m.Level, m.LevelReason), m.TasksCompleted, m.KnowledgeGained)
                {
                    OpenTasks = e.State.OpenTasks.Count, OpenTaskList = OpenTaskView.Of(e.State),
                };
            }).ToList();
        });

    /// <summary>learn_from_report.</summary>
    [McpServerTool(Name = "learn_from_report", Title = "Learn from a task report", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Submit a task report (native KnowledgeOS JSON or the ATRA retrospective JSON) so every participant's knowledge base learns from it, as `kos learn` does. The task id is the idempotency key: the same report again writes nothing; the same id with other content is refused unless amend is true, which applies it as a revision of the task (what it removed is retracted). Needs write access.")]
    public Task<CallToolResult> LearnFromReport(
        [Description("The report: a JSON object, or a string holding one.")] JsonElement report,
        [Description("Onboard experts the team does not have yet, from the report's name and role.")] bool onboard = false,
        [Description("Items the task used: item ids or a context pack's packId (added to the report's own usedItems). A success raises them, a failure lowers them.")] string[]? usedItems = null,
        [Description("Apply the report as a revision of a task learned before (kos learn --amend); the same revision again writes nothing.")] bool amend = false,
        CancellationToken ct = default) =>
        Run(async () =>
        {
            if (!caller.CanWrite) throw new McpForbiddenException("learn_from_report needs an API key with the write scope; this key has read only.");
            var json = report.ValueKind switch
            {
                JsonValueKind.String => report.GetString() ?? "",
                JsonValueKind.Object => report.GetRawText(),
                _ => throw InputException.Of("report must be the report's JSON object (or a string holding it).", "report",
                    ErrorCodes.FieldNotStringOrObject, "learn_from_report", "report"),
            };
            var parsed = ReportParser.Parse(json, "report", knowledge.Options.LimitsInForce);
            if (usedItems is { Length: > 0 })
                parsed = parsed with { UsedItems = ItemUsage.Resolve([.. parsed.UsedItems ?? [], .. usedItems], "usedItems") };
            var result = await knowledge.LearnAsync(caller.Team, parsed, onboard, amend, ct);
            return new McpLearnResult(parsed.TaskId, parsed.Format, result.Duplicate, result.EventCount,
                [.. result.Changes.Where(c => c.Events > 0).Select(c => c.Expert)], result.Onboarded)
            { Revision = result.Revision };
        });

    private Task<CallToolResult> Run(Func<Task<object>> call) => McpToolRun.RunAsync(caller, call);
}
