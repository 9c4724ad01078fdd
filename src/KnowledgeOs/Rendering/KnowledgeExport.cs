using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The JSON export of a team: every expert with profile, every item (retracted ones too, with their status),
/// tasks, claims, sources and computed metrics. Deterministic: the same states give the same bytes.
/// </summary>
/// <param name="Format">Export format version; readers refuse versions they do not know.</param>
/// <param name="Team">Team slug.</param>
/// <param name="Experts">Experts ordered by slug.</param>
public sealed record KnowledgeExport(int Format, string Team, IReadOnlyList<ExpertExport> Experts)
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Export options: those of stored events (camelCase, snake_case enums, nulls left out), indented, <c>\n</c>.</summary>
    public static JsonSerializerOptions Json { get; } = new(EventTypes.Json) { WriteIndented = true, NewLine = "\n" };

    /// <summary>Exports experts' stored projections, keeping each stream's version.</summary>
    public static KnowledgeExport Of(string team, IEnumerable<Snapshot> experts) =>
        new(CurrentFormat, team, [.. experts.Select(s => ExpertExport.Of(s.State, s.Version)).OrderBy(e => e.Slug, StringComparer.Ordinal)]);

    /// <summary>Exports expert states (no stream versions).</summary>
    public static KnowledgeExport Of(string team, IEnumerable<ExpertState> experts) =>
        new(CurrentFormat, team, [.. experts.Select(s => ExpertExport.Of(s, null)).OrderBy(e => e.Slug, StringComparer.Ordinal)]);

    /// <summary>The export as indented JSON with one trailing newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Writes the same bytes as <see cref="ToJson"/> (UTF-8) to a stream, without holding the whole text in memory.</summary>
    public async Task WriteToAsync(Stream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await JsonSerializer.SerializeAsync(stream, this, Json, ct);
        await stream.WriteAsync("\n"u8.ToArray(), ct);
    }

    /// <summary>Reads an export back; <paramref name="origin"/> names it in error messages.</summary>
    /// <exception cref="InputException">Not JSON, not an export, or a format this code does not know.</exception>
    public static KnowledgeExport Parse(string json, string origin = "export")
    {
        if (string.IsNullOrWhiteSpace(json)) throw InputException.Of($"{origin}: the file is empty.", origin, ErrorCodes.FileEmpty, origin);
        KnowledgeExport? export;
        try
        {
            export = JsonSerializer.Deserialize<KnowledgeExport>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InputException($"{origin}: not a KnowledgeOS export ({ex.Path ?? "$"}, line {(ex.LineNumber ?? 0) + 1}): {ex.Message}", origin, ex)
                .WithCode(ErrorCodes.ExportInvalid, origin, ex.Path ?? "$", ((ex.LineNumber ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (export is null) throw InputException.Of($"{origin}: not a KnowledgeOS export (null).", origin, ErrorCodes.ExportInvalid, origin, "", "");
        if (export.Format != CurrentFormat)
            throw InputException.Of($"{origin}: export format {export.Format} is not supported (this version reads {CurrentFormat}).", "format",
                ErrorCodes.ExportFormatUnsupported, origin, export.Format.ToString(System.Globalization.CultureInfo.InvariantCulture), CurrentFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (string.IsNullOrWhiteSpace(export.Team) || export.Experts is null)
            throw InputException.Of($"{origin}: an export needs 'team' and 'experts'.", origin, ErrorCodes.ExportIncomplete, origin);
        return export;
    }
}

/// <summary>One expert in an export.</summary>
/// <param name="Slug">Slug.</param>
/// <param name="DisplayName">Display name.</param>
/// <param name="Role">Role.</param>
/// <param name="Project">Project.</param>
/// <param name="Priority">Priority.</param>
/// <param name="Status">Status.</param>
/// <param name="Responsibility">Responsibility text.</param>
/// <param name="Duties">Key duties.</param>
/// <param name="Tags">Expertise tags.</param>
/// <param name="CreatedAt">When the expert was onboarded.</param>
/// <param name="LastUpdate">Time of the latest event.</param>
/// <param name="Version">Stream version, when exported from the store.</param>
/// <param name="Items">Every item in recording order, retracted ones included.</param>
/// <param name="Tasks">Tasks taken part in, in order.</param>
/// <param name="Claims">Numbers claimed by imported documents.</param>
/// <param name="Sources">Distinct sources of evidence, ordered.</param>
/// <param name="Metrics">Computed metrics (derived; ignored when read back).</param>
/// <param name="Program">The learning program the expert brought, as its import stored it (left out when none).</param>
public sealed record ExpertExport(
    string Slug,
    string DisplayName,
    string Role,
    string Project,
    int Priority,
    Events.ExpertStatus Status,
    string Responsibility,
    IReadOnlyList<string> Duties,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdate,
    long? Version,
    IReadOnlyList<ItemExport> Items,
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyList<MetricClaim> Claims,
    IReadOnlyList<string> Sources,
    ExpertMetrics Metrics,
    StoredProgram? Program = null)
{
    /// <summary>The export of one expert state.</summary>
    public static ExpertExport Of(ExpertState s, long? version) =>
        new(s.Slug, s.DisplayName, s.Role, s.Project, s.Priority, s.Status, s.Responsibility, [.. s.Duties], [.. s.Tags],
            s.CreatedAt, s.LastUpdate, version,
            [.. s.Items.Values.OrderBy(i => i.Order).Select(ItemExport.Of)],
            [.. s.Tasks], [.. s.Claims], [.. s.Sources], ExpertMetrics.Of(s), s.ImportedProgram);

    /// <summary>The knowledge base this export describes, as the fold of its events would give it (metrics are recomputed).</summary>
    public ExpertState ToState()
    {
        var items = (Items ?? []).Select(i => i.ToItem()).ToImmutableSortedDictionary(i => i.Id, i => i, StringComparer.Ordinal);
        return new ExpertState(Slug, DisplayName, Role, Project ?? "", Priority, Status, Responsibility ?? "",
            [.. Duties ?? []], [.. Tags ?? []], CreatedAt, items, [.. Tasks ?? []], [.. Claims ?? []],
            ImmutableSortedSet.CreateRange(StringComparer.Ordinal, Sources ?? []), LastUpdate,
            items.IsEmpty ? 0 : items.Values.Max(i => i.Order) + 1)
        { ImportedProgram = Program };
    }
}

/// <summary>One item in an export, with its provenance, its recording order and its status.</summary>
public sealed record ItemExport : ItemProvenance
{
    /// <summary>For a deserializer.</summary>
    public ItemExport() { }

    private ItemExport(KnowledgeItem item) : base(item) { }

    /// <summary>Recording order.</summary>
    [JsonPropertyOrder(CountOrder)] public int Order { get; init; }

    /// <summary><c>active</c> or <c>retracted</c>.</summary>
    [JsonPropertyOrder(StatusOrder)] public ItemStatus Status { get; init; }

    /// <summary>The export of an item: its fields ordered by name, so that the same state gives the same bytes.</summary>
    public static ItemExport Of(KnowledgeItem i) =>
        new(i) { Fields = new SortedDictionary<string, string>(i.Fields, StringComparer.Ordinal), Order = i.Order, Status = i.Status };

    /// <summary>The item back.</summary>
    public KnowledgeItem ToItem() =>
        new(Id, Section, Text, (Fields ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal),
            [.. Solutions ?? []], Source, FirstAt, Order, [.. Confirmations ?? []], Status, RetractReason);
}
