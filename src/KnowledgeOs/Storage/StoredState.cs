using System.Collections.Immutable;
using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>
/// The stored JSON form of an <see cref="ExpertState"/> (the inline projection), the same in every store.
/// System.Text.Json rebuilds sorted immutable collections with the default (culture) comparer; the domain keys
/// them ordinally, so the comparers are restored on read.
/// </summary>
public static class StoredState
{
    /// <summary>Serializes a state.</summary>
    public static string Write(ExpertState state) => JsonSerializer.Serialize(state, EventTypes.Json);

    /// <summary>Deserializes a stored state with the domain's comparers.</summary>
    public static ExpertState Read(string json)
    {
        var state = JsonSerializer.Deserialize<ExpertState>(json, EventTypes.Json)
            ?? throw new InvalidOperationException("A stored expert state is empty.");
        var items = state.Items.Values.ToImmutableSortedDictionary(
            i => i.Id,
            i => i with { Fields = i.Fields.WithComparers(StringComparer.Ordinal) },
            StringComparer.Ordinal);
        return state with { Items = items, Sources = state.Sources.WithComparer(StringComparer.Ordinal) };
    }
}
