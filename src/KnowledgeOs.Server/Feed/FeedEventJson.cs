using System.Collections.Concurrent;
using System.Text.Json;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// The SSE data of each event, serialized once however many clients follow its team: a stored event never changes,
/// so its JSON is kept by position (bounded; a miss only costs serializing it again).
/// </summary>
public sealed class FeedEventJson(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<long, string> _byPosition = new();
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>The data line of the heartbeat item: JSON null, as for a typed item without a value.</summary>
    public const string Heartbeat = "null";

    /// <summary>The event's view as the feed sends it.</summary>
    public string Of(StoredEvent e)
    {
        if (_byPosition.TryGetValue(e.Position, out var hit)) return hit;
        var text = JsonSerializer.Serialize(EventView.Of(e), _options);
        // Bounded by clearing: simple, and the clients of one team read the same few positions at about the same time.
        if (_byPosition.Count >= Capacity) _byPosition.Clear();
        _byPosition.TryAdd(e.Position, text);
        return text;
    }
}
