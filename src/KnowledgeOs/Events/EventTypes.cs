using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeOs.Events;

/// <summary>
/// Stored event names, versioned and separate from C# type names so types can be renamed freely.
/// A stored name is never renamed; a new shape gets a new name.
/// </summary>
public static class EventTypes
{
    private static readonly (string Name, Type Type)[] Map =
    [
        ("v1.ExpertOnboarded", typeof(ExpertOnboarded)),
        ("v1.ExpertProfileChanged", typeof(ExpertProfileChanged)),
        ("v1.KnowledgeRecorded", typeof(KnowledgeRecorded)),
        ("v1.KnowledgeConfirmed", typeof(KnowledgeConfirmed)),
        ("v1.KnowledgeRetracted", typeof(KnowledgeRetracted)),
        ("v1.KnowledgePromoted", typeof(KnowledgePromoted)),
        ("v1.TaskCompleted", typeof(TaskCompleted)),
        ("v1.MetricClaimImported", typeof(MetricClaimImported)),
        ("v1.ProgramImported", typeof(ProgramImported)),
        ("v1.LevelReached", typeof(LevelReached)),
        ("v1.ExpertAliasAdded", typeof(ExpertAliasAdded)),
        ("v1.ExpertAliasRemoved", typeof(ExpertAliasRemoved)),
        ("v1.ExpertMerged", typeof(ExpertMerged)),
        ("v1.ExpertMergedInto", typeof(ExpertMergedInto)),
        ("v1.ItemUsed", typeof(ItemUsed)),
        ("v1.TaskDescribed", typeof(TaskDescribed)),
        ("v1.TaskRevised", typeof(TaskRevised)),
        ("v1.TaskWithdrawn", typeof(TaskWithdrawn)),
        ("v1.TaskStarted", typeof(TaskStarted)),
        ("v1.TaskCancelled", typeof(TaskCancelled)),
    ];

    private static readonly Dictionary<string, Type> ByName = Map.ToDictionary(m => m.Name, m => m.Type);
    private static readonly Dictionary<Type, string> ByType = Map.ToDictionary(m => m.Type, m => m.Name);

    /// <summary>Every stored name, oldest first (the SSE feed's event names).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Map.Select(m => m.Name)];

    /// <summary>JSON options for event payloads: camelCase, enums as snake_case strings, compact.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The stored name of an event.</summary>
    public static string NameOf(KnowledgeEvent e) =>
        ByType.TryGetValue(e.GetType(), out var name) ? name : throw new InvalidOperationException($"Event type {e.GetType().Name} has no stored name.");

    /// <summary>Serializes an event payload.</summary>
    public static string Serialize(KnowledgeEvent e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    /// <summary>Deserializes a stored payload by its stored name.</summary>
    public static KnowledgeEvent Deserialize(string name, string json)
    {
        if (!ByName.TryGetValue(name, out var type)) throw new InvalidOperationException($"Unknown stored event type '{name}'.");
        return (KnowledgeEvent)(JsonSerializer.Deserialize(json, type, Json)
            ?? throw new InvalidOperationException($"Stored event '{name}' has an empty payload."));
    }
}
