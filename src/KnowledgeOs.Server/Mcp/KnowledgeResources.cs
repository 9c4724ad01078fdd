using System.ComponentModel;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// The MCP resources of KnowledgeOS, on the caller's team: each expert's knowledge base and program (templates, and
/// listed per expert by <see cref="McpResourceList"/>) and the team document. Reading another team's address answers
/// "not found", as the REST API does.
/// </summary>
[McpServerResourceType]
public sealed class KnowledgeResources(KnowledgeService knowledge, McpCaller caller, TimeProvider time)
{
    /// <summary>The scheme of every resource address.</summary>
    public const string Scheme = "kos://";

    /// <summary>The address of an expert's knowledge base.</summary>
    public static string KnowledgeUri(string team, string slug) => $"{Scheme}teams/{team}/experts/{slug}/knowledge.md";

    /// <summary>The address of an expert's program.</summary>
    public static string ProgramUri(string team, string slug) => $"{Scheme}teams/{team}/experts/{slug}/program.md";

    /// <summary>The address of an expert's improvement backlog.</summary>
    public static string BacklogUri(string team, string slug) => $"{Scheme}teams/{team}/experts/{slug}/backlog.md";

    /// <summary>The address of the team document.</summary>
    public static string TeamUri(string team) => $"{Scheme}teams/{team}/team.md";

    /// <summary>An expert's knowledge base.</summary>
    [McpServerResource(UriTemplate = Scheme + "teams/{team}/experts/{slug}/knowledge.md{?lang,asOf,recordedAsOf}", Name = "knowledge", Title = "An expert's knowledge base", MimeType = "text/markdown")]
    [Description("An expert's whole knowledge base as Markdown, as `kos render` prints it; ?lang=ru|en (default: the language of the expert's own text, docs/RENDERING.md); ?asOf= / ?recordedAsOf= read it at a past time (docs/TIME.md).")]
    public Task<string> Knowledge(string team, string slug, string? lang = null, string? asOf = null, string? recordedAsOf = null, CancellationToken ct = default) =>
        Read(team, async () =>
        {
            var at = ExpertAddress(slug, lang, asOf, recordedAsOf);
            var snapshot = await knowledge.GetAsync(caller.Team, slug, at, ct);
            return MarkdownRenderer.Render(snapshot.State, new RenderOptions(TeamLanguage.Resolve(lang, "lang", [snapshot.State])));
        });

    /// <summary>An expert's learning program.</summary>
    [McpServerResource(UriTemplate = Scheme + "teams/{team}/experts/{slug}/program.md{?lang,asOf,recordedAsOf}", Name = "program", Title = "An expert's learning program", MimeType = "text/markdown")]
    [Description("An expert's learning program evaluated on the evidence, as `kos program` prints it; ?lang=ru|en (default: the language of the expert's own text); ?asOf= / ?recordedAsOf= read it at a past time (docs/TIME.md).")]
    public Task<string> Program(string team, string slug, string? lang = null, string? asOf = null, string? recordedAsOf = null, CancellationToken ct = default) =>
        Read(team, async () =>
        {
            var at = ExpertAddress(slug, lang, asOf, recordedAsOf);
            var progress = await Reports().ProgramAsync(caller.Team, slug, at, ct);
            return ProgramRenderer.Render(progress, english: TeamLanguage.Resolve(lang, "lang", [progress.State]) == RenderLanguage.En);
        });

    /// <summary>An expert's improvement backlog.</summary>
    [McpServerResource(UriTemplate = Scheme + "teams/{team}/experts/{slug}/backlog.md{?lang,asOf,recordedAsOf}", Name = "backlog", Title = "An expert's improvement backlog", MimeType = "text/markdown")]
    [Description("What the expert's tasks asked to improve (open, then addressed by later tasks) and the items under suspicion (used in repeated failed tasks) to review; ?lang=en for English; ?asOf= / ?recordedAsOf= read it at a past time (docs/TIME.md).")]
    public Task<string> Backlog(string team, string slug, string? lang = null, string? asOf = null, string? recordedAsOf = null, CancellationToken ct = default) =>
        Read(team, async () =>
        {
            var at = ExpertAddress(slug, lang, asOf, recordedAsOf);
            var language = RenderOptions.ParseLanguage(lang, "lang");
            var snapshot = await knowledge.GetAsync(caller.Team, slug, at, ct);
            return BacklogMarkdown.Render(snapshot.State, language);
        });

    /// <summary>The team document.</summary>
    [McpServerResource(UriTemplate = Scheme + "teams/{team}/team.md{?lang,asOf,recordedAsOf}", Name = "team", Title = "The team document", MimeType = "text/markdown")]
    [Description("The team's overview as `kos team` prints it: experts, skill matrix, progress ranking; ?lang=ru|en (default: the team's language); ?asOf= / ?recordedAsOf= read it at a past time (docs/TIME.md).")]
    public Task<string> TeamDocumentResource(string team, string? lang = null, string? asOf = null, string? recordedAsOf = null, CancellationToken ct = default) =>
        Read(team, async () =>
        {
            var at = Queries.PointOfView(asOf, recordedAsOf);
            var language = string.IsNullOrWhiteSpace(lang)
                ? TeamLanguage.Of(await Reports().StatesAsync(caller.Team, at, ct))
                : RenderOptions.ParseLanguage(lang, "lang");
            return TeamDocument.Render(await Reports().OverviewAsync(caller.Team, at, ct), language);
        });

    private LearningReports Reports() => new(knowledge, ProgramCatalog.Builtin, time);

    // What every expert resource checks of its address, in this order (the first wrong one is the error): the
    // language when given, the point of view, the slug.
    private static AsOf? ExpertAddress(string slug, string? lang, string? asOf, string? recordedAsOf)
    {
        if (lang is not null) RenderOptions.ParseLanguage(lang, "lang");
        var at = Queries.PointOfView(asOf, recordedAsOf);
        ExpertDecider.ValidateSlug(slug, "slug");
        return at;
    }

    // A resource read has no "tool error": a refusal or a domain error is a protocol error with its message.
    private async Task<string> Read(string team, Func<Task<string>> read)
    {
        if (caller.Refusal is { } refusal) throw new McpProtocolException(refusal, McpErrorCode.InvalidParams);
        if (!string.Equals(team, caller.Team, StringComparison.Ordinal))
            throw new McpProtocolException("Nothing exists at this address.", McpErrorCode.ResourceNotFound);
        try
        {
            return await read();
        }
        catch (NotFoundException ex)
        {
            throw new McpProtocolException(ex.Message, McpErrorCode.ResourceNotFound);
        }
        catch (KnowledgeOsException ex)
        {
            throw new McpProtocolException(McpToolRun.Message(ex), McpErrorCode.InvalidParams);
        }
    }
}
