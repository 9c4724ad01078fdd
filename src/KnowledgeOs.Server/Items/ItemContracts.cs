using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Items;

/// <summary>Adding an item to a section. Its source is the caller's key; its id, dates and confirmations are the server's.</summary>
/// <param name="Text">Main text (a book's title, a problem's description).</param>
/// <param name="Fields">Section fields: author, description, origin, category, application, found_at, task, heading, solution.</param>
public sealed record AddItemRequest(string Text, IReadOnlyDictionary<string, string>? Fields = null)
{
    /// <summary>Field names a client may send.</summary>
    public static IReadOnlySet<string> AllowedFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ItemFields.Author, ItemFields.Description, ItemFields.Origin, ItemFields.Category, ItemFields.Application,
        ItemFields.FoundAt, ItemFields.Task, ItemFields.Heading, ItemFields.Solution,
    };

    /// <summary>Checks the fields and returns the domain command.</summary>
    /// <exception cref="InputException">An unknown field.</exception>
    public AddKnowledge ToCommand(SectionKind section)
    {
        foreach (var name in Fields?.Keys ?? [])
        {
            if (!AllowedFields.Contains(name))
                throw InputException.Of($"Field '{name}' is not an item field (expected {string.Join(", ", AllowedFields)}).", $"fields.{name}",
                    ErrorCodes.FieldUnknown, "fields", name, string.Join(", ", AllowedFields));
        }
        return new AddKnowledge(section, Text ?? "", Fields);
    }
}

/// <summary>Retracting an item.</summary>
/// <param name="Reason">Why it is withdrawn (required).</param>
public sealed record RetractRequest(string Reason);

/// <summary>A knowledge item with its provenance, how many pieces of evidence it has, and its status.</summary>
public sealed record ItemView : ItemProvenance
{
    /// <summary>For a deserializer.</summary>
    public ItemView() { }

    private ItemView(KnowledgeItem item) : base(item) { }

    /// <summary>Pieces of evidence: the first and every confirmation.</summary>
    [JsonPropertyOrder(CountOrder)] public int Evidence { get; init; }

    /// <summary>active or retracted.</summary>
    [JsonPropertyOrder(StatusOrder)] public ItemStatus Status { get; init; }

    /// <summary>The view of an item.</summary>
    public static ItemView Of(KnowledgeItem i) => new(i) { Evidence = 1 + i.Confirmations.Count, Status = i.Status };
}

/// <summary>What a write on an item did.</summary>
/// <param name="Item">The item after the write.</param>
/// <param name="Events">Events written (0: nothing changed, e.g. the same evidence again).</param>
/// <param name="Version">Expert version after the write.</param>
public sealed record ItemWrite(ItemView Item, int Events, long Version);

/// <summary>An event as the API shows it.</summary>
/// <param name="Position">Global position (the SSE id).</param>
/// <param name="Expert">Expert slug.</param>
/// <param name="Version">Version within the expert's stream.</param>
/// <param name="Type">Stored type (<c>v1.KnowledgeRecorded</c>).</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="Data">The event payload as stored (camelCase fields of the event type).</param>
public sealed record EventView(long Position, string Expert, long Version, string Type, DateTimeOffset RecordedAt, JsonElement Data)
{
    /// <summary>The view of a stored event.</summary>
    public static EventView Of(StoredEvent e) =>
        new(e.Position, e.Stream.Expert, e.Version, e.Type, e.RecordedAt, JsonSerializer.SerializeToElement(e.Event, e.Event.GetType(), EventTypes.Json));
}
