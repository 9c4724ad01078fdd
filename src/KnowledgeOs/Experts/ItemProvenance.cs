using System.Text.Json.Serialization;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Experts;

/// <summary>
/// What every outside form of an item shows (the API's item, the export's item): its text and fields and where they came
/// from. Each form adds its own members at the places <see cref="JsonPropertyOrderAttribute"/> leaves for them
/// (<see cref="CountOrder"/>, <see cref="StatusOrder"/>), so both keep the field order they have always had.
/// </summary>
public abstract record ItemProvenance
{
    /// <summary>The JSON place of the count a form adds after <see cref="FirstAt"/> (the view's evidence, the export's order).</summary>
    protected const int CountOrder = 8;

    /// <summary>The JSON place of the status after <see cref="Confirmations"/>.</summary>
    protected const int StatusOrder = 10;

    /// <summary>For a deserializer.</summary>
    protected ItemProvenance() { }

    /// <summary>The shared part of <paramref name="item"/>.</summary>
    protected ItemProvenance(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        (Id, Section, Text, Fields, Solutions, Source, FirstAt, Confirmations, RetractReason) =
            (item.Id, item.Section, item.Text, item.Fields, item.Solutions, item.Source, item.FirstAt, item.Confirmations, item.RetractReason);
    }

    /// <summary>Stable id.</summary>
    [JsonPropertyOrder(1)] public string Id { get; init; } = "";

    /// <summary>Section.</summary>
    [JsonPropertyOrder(2)] public SectionKind Section { get; init; }

    /// <summary>Main text.</summary>
    [JsonPropertyOrder(3)] public string Text { get; init; } = "";

    /// <summary>Section fields.</summary>
    [JsonPropertyOrder(4)] public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>For problems: every distinct solution.</summary>
    [JsonPropertyOrder(5)] public IReadOnlyList<string> Solutions { get; init; } = [];

    /// <summary>Source that first recorded it.</summary>
    [JsonPropertyOrder(6)] public string Source { get; init; } = "";

    /// <summary>When the first evidence happened.</summary>
    [JsonPropertyOrder(7)] public DateTimeOffset FirstAt { get; init; }

    /// <summary>Later evidence.</summary>
    [JsonPropertyOrder(9)] public IReadOnlyList<Confirmation> Confirmations { get; init; } = [];

    /// <summary>Why it was retracted.</summary>
    [JsonPropertyOrder(11)] public string? RetractReason { get; init; }
}
