using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Storage;
using KnowledgeOs.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Items;

/// <summary>Knowledge items of an expert: list per section with paging and filters, add, confirm, retract, history.</summary>
public static class ItemsApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapItems(this IEndpointRouteBuilder team)
    {
        var expert = team.MapGroup("/experts/{slug}").WithTags("Items");
        expert.MapGet("/items", List).WithName("ListItems").WithSummary("List items")
            .WithDescription("Items of an expert, in recording order, paged (limit, cursor); filter by section, status (active, retracted, all), source prefix or text.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        expert.MapGet("/sections/{section}/items", ListSection).WithName("ListSectionItems").WithSummary("List a section's items").WithDescription("Items of one section, in recording order, paged (limit, cursor).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        expert.MapPost("/sections/{section}/items", Add).WithName("AddItem").WithSummary("Add an item")
            .WithDescription("Add an item to a section; the same item again is a confirmation (201 when recorded, 200 otherwise).")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        expert.MapGet("/items/{itemId}", Get).WithName("GetItem").WithSummary("Get an item").WithDescription("One item by id or unique id prefix.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        expert.MapPost("/items/{itemId}/confirm", Confirm).WithName("ConfirmItem").WithSummary("Confirm an item").WithDescription("Confirm an item (once per source).")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        expert.MapPost("/items/{itemId}/retract", Retract).WithName("RetractItem").WithSummary("Retract an item").WithDescription("Retract an item with a reason; it stays in history.")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        expert.MapGet("/items/{itemId}/history", ItemHistory).WithName("ItemHistory").WithSummary("An item's history").WithDescription("Every event that touched one item, oldest first, paged (limit, cursor).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        expert.MapGet("/history", History).WithName("ExpertHistory").WithSummary("An expert's history")
            .WithDescription("The expert's events, oldest first, paged (limit, cursor); only those that had happened by asOf, or been recorded by recordedAsOf, when given.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return team;
    }

    /// <summary>GET items.</summary>
    public static async Task<Ok<Page<ItemView>>> List(string team, string slug, string? section, string? status, string? source, string? q,
        int? limit, string? cursor, KnowledgeService service, KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        SectionKind? kind = section is null ? null : SectionCatalog.ParseInput(section, "section");
        return await ListCoreAsync(team, slug, kind, status, source, q, limit, cursor, service, options, http, ct);
    }

    /// <summary>GET items of a section.</summary>
    public static Task<Ok<Page<ItemView>>> ListSection(string team, string slug, string section, string? status, string? source, string? q,
        int? limit, string? cursor, KnowledgeService service, KosServerOptions options, HttpContext http, CancellationToken ct) =>
        ListCoreAsync(team, slug, SectionCatalog.ParseInput(section, "section"), status, source, q, limit, cursor, service, options, http, ct);

    /// <summary>POST an item.</summary>
    public static async Task<Results<Created<ItemWrite>, Ok<ItemWrite>>> Add(string team, string slug, string section, AddItemRequest request,
        Caller caller, KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var kind = SectionCatalog.ParseInput(section, "section");
        var command = request.ToCommand(kind);
        var result = await service.AddAsync(team, slug, command, caller.Source, ct, CallerIdempotencyKey.Of(http));
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var id = TextKey.ItemId(SectionCatalog.Get(kind).IdentityFamily, ExpertDecider.IdentityText(kind, TextKey.Clean(command.Text), command.Fields));
        // The state and version the write made (for a replay, the first write), never a read after it (another client's write may already be there).
        var snapshot = result.Changes.Single().Snapshot;
        var write = new ItemWrite(ItemView.Of(snapshot.State.Items[id]), result.EventCount, snapshot.Version);
        Versions.SetETag(http.Response, snapshot.Version);
        var recorded = result.EventCount > 0 && snapshot.State.Items[id].Confirmations.Count == 0;
        return recorded
            ? TypedResults.Created($"/api/v1/teams/{team}/experts/{slug}/items/{id}", write)
            : TypedResults.Ok(write);
    }

    /// <summary>GET one item.</summary>
    public static async Task<Ok<ItemView>> Get(string team, string slug, string itemId, KnowledgeService service, CancellationToken ct)
    {
        Check(team, slug);
        var snapshot = await service.GetAsync(team, slug, null, ct);
        return TypedResults.Ok(ItemView.Of(ExpertDecider.Find(snapshot.State, itemId)));
    }

    /// <summary>POST a confirmation.</summary>
    public static async Task<Ok<ItemWrite>> Confirm(string team, string slug, string itemId, Caller caller, KnowledgeService service,
        HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var result = await service.ConfirmAsync(team, slug, itemId, caller.Source, ct, CallerIdempotencyKey.Of(http));
        return AfterWrite(itemId, result, http);
    }

    /// <summary>POST a retraction.</summary>
    public static async Task<Ok<ItemWrite>> Retract(string team, string slug, string itemId, RetractRequest request, Caller caller,
        KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var result = await service.RetractAsync(team, slug, itemId, request.Reason ?? "", caller.Source, ct, CallerIdempotencyKey.Of(http));
        return AfterWrite(itemId, result, http);
    }

    /// <summary>GET the events of one item.</summary>
    public static async Task<Ok<Page<EventView>>> ItemHistory(string team, string slug, string itemId, int? limit, string? cursor, KnowledgeService service,
        KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var page = Paging.Read("item-history", limit, cursor, options);
        var snapshot = await service.GetAsync(team, slug, null, ct);
        var id = ExpertDecider.Find(snapshot.State, itemId).Id;
        var events = await service.HistoryAsync(team, slug, ct);
        return TypedResults.Ok(Paging.Slice(events.Where(e => ItemIdOf(e.Event) == id), e => e.Version, Comparer<long>.Default, EventView.Of, page, http));
    }

    /// <summary>GET the expert's events.</summary>
    public static async Task<Ok<Page<EventView>>> History(string team, string slug, int? limit, string? cursor, string? asOf, string? recordedAsOf,
        KnowledgeService service, KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var page = Paging.Read("history", limit, cursor, options);
        var at = Queries.PointOfView(asOf, recordedAsOf);
        var all = await service.HistoryAsync(team, slug, ct);
        var events = at is null ? all : all.Where(at.Includes);
        return TypedResults.Ok(Paging.Slice(events, e => e.Version, Comparer<long>.Default, EventView.Of, page, http));
    }

    private static async Task<Ok<Page<ItemView>>> ListCoreAsync(string team, string slug, SectionKind? section, string? status, string? source,
        string? q, int? limit, string? cursor, KnowledgeService service, KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Check(team, slug);
        var page = Paging.Read("items", limit, cursor, options);
        var wanted = (status ?? ItemStatus.Active.Code()).ToLowerInvariant();
        if (wanted != "all" && ItemStatuses.Parse(wanted) is null)
            throw InputException.Of($"Unknown status '{status}' (expected active, retracted or all).", "status",
                ErrorCodes.OptionValueUnknown, "status", status ?? "", "active, retracted, all");
        var text = q is { Length: > 0 } ? TextKey.Of(q) : null;
        var snapshot = await service.GetAsync(team, slug, null, ct);
        var matching = snapshot.State.Items.Values
            .Where(i => section is null || i.Section == section)
            .Where(i => wanted == "all" || i.Status.Code() == wanted)
            .Where(i => source is null || i.AllSources.Any(s => s.StartsWith(source, StringComparison.Ordinal)))
            .Where(i => text is null || TextKey.Of(i.Text).Contains(text, StringComparison.Ordinal));
        return TypedResults.Ok(Paging.Slice(matching, i => i.Order, Comparer<int>.Default, ItemView.Of, page, http));
    }

    /// <summary>The answer to a confirm or retract: the item and version the write made.</summary>
    private static Ok<ItemWrite> AfterWrite(string itemId, WriteResult result, HttpContext http)
    {
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var snapshot = result.Changes.Single().Snapshot;
        Versions.SetETag(http.Response, snapshot.Version);
        return TypedResults.Ok(new ItemWrite(ItemView.Of(ExpertDecider.Find(snapshot.State, itemId)), result.EventCount, snapshot.Version));
    }

    private static void Check(string team, string slug)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
    }

    private static string? ItemIdOf(KnowledgeEvent e) => e switch
    {
        KnowledgeRecorded r => r.ItemId,
        KnowledgeConfirmed c => c.ItemId,
        KnowledgeRetracted x => x.ItemId,
        KnowledgePromoted p => p.ItemId,
        ItemUsed u => u.ItemId,
        _ => null,
    };
}
