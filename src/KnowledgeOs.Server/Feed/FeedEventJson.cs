using System.Collections.Concurrent;
using System.Text.Json;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// The SSE data of each event, serialized once however many clients follow its team: a stored event never changes,
/// so its JSON is kept by position and language (bounded; a miss only costs serializing it again). Asked with a
/// language (the dashboard's live list asks with its page's), the view also carries <c>what</c>: the event's summary
/// worded in that language (<see cref="RecentEvents.Summary"/>: a promotion's, level's or revision's stored English
/// reason in the page's words); asked without, it is the stored event's view alone, as every other client has it.
/// </summary>
public sealed class FeedEventJson(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<(long Position, RenderLanguage? Language), string> _byPosition = new();
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>The data line of the heartbeat item: JSON null, as for a typed item without a value.</summary>
    public const string Heartbeat = "null";

    /// <summary>The event's view as the feed sends it.</summary>
    public string Of(StoredEvent e, RenderLanguage? language = null)
    {
        if (_byPosition.TryGetValue((e.Position, language), out var hit)) return hit;
        var view = EventView.Of(e);
        var text = language is not { } worded ? JsonSerializer.Serialize(view, _options) : Worded(view, worded);
        // Bounded by clearing: simple, and the clients of one team read the same few positions at about the same time.
        if (_byPosition.Count >= Capacity) _byPosition.Clear();
        _byPosition.TryAdd((e.Position, language), text);
        return text;
    }

    // The view with "what" beside its data. No expert state here: an event naming only an item gives the item's id,
    // and the script fetches the item's text, as it does for any such event.
    private string Worded(EventView view, RenderLanguage language)
    {
        var node = JsonSerializer.SerializeToNode(view, _options)!.AsObject();
        node["what"] = RecentEvents.Summary(view.Data, null, language);
        return node.ToJsonString(_options);
    }
}
