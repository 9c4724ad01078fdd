using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// The SSE data of each event, serialized once however many clients follow its team: a stored event never changes,
/// so its JSON is kept by position and language (a <see cref="BoundedMemo{TKey, TToken, TValue}"/>: when full, the
/// least-used half goes; a miss only costs serializing it again). Asked with a
/// language (the dashboard's live list asks with its page's), the view also carries <c>what</c>: the event's summary
/// worded in that language (<see cref="RecentEvents.Summary"/>: a promotion's, level's or revision's stored English
/// reason in the page's words); asked without, it is the stored event's view alone, as every other client has it.
/// </summary>
public sealed class FeedEventJson(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>Events kept, by position and language.</summary>
    public const int Capacity = 4096;

    // A stored event never changes, so every entry is built for the one token (0).
    private readonly BoundedMemo<(long Position, RenderLanguage? Language), byte, string> _byPosition = new(Capacity);
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>The data line of the heartbeat item: JSON null, as for a typed item without a value.</summary>
    public const string Heartbeat = "null";

    /// <summary>The event's view as the feed sends it.</summary>
    public string Of(StoredEvent e, RenderLanguage? language = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _byPosition.Get((e.Position, language), 0, () =>
        {
            var view = EventView.Of(e);
            return language is not { } worded ? JsonSerializer.Serialize(view, _options) : Worded(view, worded);
        });
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
