using KnowledgeOs.Events;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Experts;

/// <summary>Pure decisions on one expert: state and command in, events out. No I/O, no clock.</summary>
public static class ExpertDecider
{
    /// <summary>Longest text accepted in any field.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>Onboards an expert; a repeat with the same profile is a no-op, a different one a conflict.</summary>
    public static IReadOnlyList<KnowledgeEvent> Onboard(ExpertState? state, OnboardExpert c, string source, DateTimeOffset at)
    {
        ValidateSlug(c.Slug);
        Require(c.DisplayName, "displayName");
        Require(c.Role, "role");
        var onboarded = new ExpertOnboarded
        {
            Slug = c.Slug, DisplayName = Checked(c.DisplayName.Trim(), "displayName"), Role = Checked(c.Role.Trim(), "role"),
            Project = Checked(c.Project.Trim(), "project"),
            Priority = c.Priority, Status = c.Status, Responsibility = Checked(c.Responsibility.Trim(), "responsibility"),
            Duties = CleanList(c.Duties, "duties") ?? [], Tags = CleanTags(c.Tags) ?? [],
            Source = source, At = at,
        };
        if (state is not null)
        {
            // The whole profile is compared: a second onboarding that differs anywhere would otherwise be dropped silently.
            var differs = ProfileDifferences(state, onboarded);
            if (differs.Count == 0) return [];
            throw new ConflictException(
                $"Expert '{c.Slug}' already exists as {state.DisplayName} ({state.Role}) with a different {string.Join(", ", differs)}; use change to edit it.")
                .WithCode(ErrorCodes.ExpertExistsDifferent, c.Slug, state.DisplayName, state.Role, string.Join(", ", differs));
        }
        return [onboarded];
    }

    private static List<string> ProfileDifferences(ExpertState s, ExpertOnboarded o)
    {
        var differs = new List<string>();
        if (s.DisplayName != o.DisplayName) differs.Add("displayName");
        if (s.Role != o.Role) differs.Add("role");
        if (s.Project != o.Project) differs.Add("project");
        if (s.Priority != o.Priority) differs.Add("priority");
        if (s.Status != o.Status) differs.Add("status");
        if (s.Responsibility != o.Responsibility) differs.Add("responsibility");
        if (!s.Duties.SequenceEqual(o.Duties)) differs.Add("duties");
        // Onboarding again may spell a tag in another case: the same tag (a change of spelling is a profile change).
        if (!s.Tags.SequenceEqual(o.Tags, StringComparer.OrdinalIgnoreCase)) differs.Add("tags");
        return differs;
    }

    /// <summary>Changes profile fields; no event when nothing differs.</summary>
    public static IReadOnlyList<KnowledgeEvent> Change(ExpertState state, ChangeExpert c, string source, DateTimeOffset at)
    {
        if (c.DisplayName is not null) Require(c.DisplayName, "displayName");
        if (c.Role is not null) Require(c.Role, "role");
        // Lists are compared as they would be stored (cleaned, tags lower-case), so the same list written differently is no change.
        var duties = CleanList(c.Duties, "duties");
        var tags = CleanTags(c.Tags);
        var e = new ExpertProfileChanged
        {
            DisplayName = Differs(Checked(c.DisplayName?.Trim(), "displayName"), state.DisplayName),
            Role = Differs(Checked(c.Role?.Trim(), "role"), state.Role),
            Project = Differs(Checked(c.Project?.Trim(), "project"), state.Project),
            Priority = c.Priority is { } p && p != state.Priority ? p : null,
            Status = c.Status is { } status && status != state.Status ? status : null,
            Responsibility = Differs(Checked(c.Responsibility?.Trim(), "responsibility"), state.Responsibility),
            Duties = duties is not null && !duties.SequenceEqual(state.Duties) ? duties : null,
            Tags = tags is not null && !tags.SequenceEqual(state.Tags) ? tags : null,
            Source = source, At = at,
        };
        return e is { DisplayName: null, Role: null, Project: null, Priority: null, Status: null, Responsibility: null, Duties: null, Tags: null } ? [] : [e];
    }

    /// <summary>
    /// Records another name of the expert; nothing when the expert already answers to it (display name, slug or an
    /// alias, compared normalized), so an import or a command run twice records it once.
    /// </summary>
    public static IReadOnlyList<KnowledgeEvent> AddAlias(ExpertState state, string alias, string kind, string source, DateTimeOffset at)
    {
        Require(alias, "alias");
        var name = Checked(TextKey.Clean(alias), "alias");
        if (name.Length == 0) throw InputException.Of("Field 'alias' is required.", "alias", ErrorCodes.FieldRequired, "", "alias");
        var key = TextKey.Of(name);
        if (TextKey.Of(state.DisplayName) == key || TextKey.Of(state.Slug) == key || state.Aliases.Any(a => TextKey.Of(a.Name) == key)) return [];
        return [new ExpertAliasAdded { Alias = name, Kind = kind, Source = source, At = at }];
    }

    /// <summary>Withdraws an alias; nothing when the expert has no such alias (a repeat changes nothing).</summary>
    public static IReadOnlyList<KnowledgeEvent> RemoveAlias(ExpertState state, string alias, string source, DateTimeOffset at)
    {
        Require(alias, "alias");
        var key = TextKey.Of(alias);
        return state.Aliases.FirstOrDefault(a => TextKey.Of(a.Name) == key) is { } found
            ? [new ExpertAliasRemoved { Alias = found.Name, Source = source, At = at }]
            : [];
    }

    /// <summary>Records an item, or confirms it when the same item (same normalized text in its family) exists.
    /// Evidence already counted from the same source is a no-op, which makes every replay harmless.</summary>
    public static IReadOnlyList<KnowledgeEvent> Add(ExpertState state, AddKnowledge c, string source, DateTimeOffset at, string field = "text")
    {
        var text = TextPolicy.Text(TextKey.Clean(c.Text), field);
        if (text.Length == 0) throw InputException.Of("Text is empty.", field, ErrorCodes.FieldRequired, "", field);
        if (text.Length > MaxTextLength) throw TooLong($"Text is {text.Length:N0} characters; the limit is {MaxTextLength:N0}.", field, text.Length);
        var info = SectionCatalog.Get(c.Section);
        var id = TextKey.ItemId(info.IdentityFamily, IdentityText(c.Section, text, c.Fields));
        var fields = c.Fields ?? KnowledgeRecorded.EmptyFields;
        foreach (var (name, value) in fields)
        {
            TextPolicy.Identifier(name, "fields");
            TextPolicy.Text(value, name);
            if (value.Length > MaxTextLength) throw TooLong($"Field '{name}' is {value.Length:N0} characters; the limit is {MaxTextLength:N0}.", name, value.Length);
        }

        if (state.Items.TryGetValue(id, out var item))
        {
            var solution = fields.TryGetValue(ItemFields.Solution, out var s) ? TextPolicy.Text(TextKey.Clean(s), ItemFields.Solution) : null;
            var solutionKey = solution is { Length: > 0 } ? TextKey.Of(solution) : null;
            var newSolution = solutionKey is not null && !item.Solutions.Any(x => TextKey.Of(x) == solutionKey);
            if (item.HasSource(source))
            {
                // Evidence already counted adds nothing, except a solution the same report gives a second time for one problem.
                return newSolution && item.IsActive ? [new KnowledgeConfirmed { ItemId = id, Source = source, At = at, AddedSolution = solution }] : [];
            }
            if (!item.IsActive)
            {
                return [new KnowledgeRecorded { ItemId = id, Section = item.Section, Text = item.Text, Fields = item.Fields, Source = source, At = at }];
            }
            return [new KnowledgeConfirmed
            {
                ItemId = id, Source = source, At = at,
                AddedSolution = newSolution ? solution : null,
            }];
        }
        var cleanFields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            var v = TextPolicy.Text(TextKey.Clean(value), name);
            if (v.Length > 0) cleanFields[name] = v;
        }
        return [new KnowledgeRecorded { ItemId = id, Section = c.Section, Text = text, Fields = cleanFields, Source = source, At = at }];
    }

    /// <summary>The id of the item a command records or confirms (its section family and identity text), without deciding anything.</summary>
    public static string ItemIdOf(AddKnowledge c) =>
        TextKey.ItemId(SectionCatalog.Get(c.Section).IdentityFamily, IdentityText(c.Section, TextPolicy.Text(TextKey.Clean(c.Text), "text"), c.Fields));

    /// <summary>Confirms an item by id.</summary>
    public static IReadOnlyList<KnowledgeEvent> Confirm(ExpertState state, string itemId, string source, DateTimeOffset at)
    {
        var item = Find(state, itemId);
        if (!item.IsActive)
            throw new ConflictException($"Item {itemId} is retracted ({item.RetractReason}); add it again to bring it back.")
                .WithCode(ErrorCodes.ItemRetracted, itemId, item.RetractReason ?? "");
        return item.HasSource(source) ? [] : [new KnowledgeConfirmed { ItemId = item.Id, Source = source, At = at }];
    }

    /// <summary>Retracts an item by id, with a reason.</summary>
    public static IReadOnlyList<KnowledgeEvent> Retract(ExpertState state, string itemId, string reason, string source, DateTimeOffset at)
    {
        Require(reason, "reason");
        var item = Find(state, itemId);
        return item.IsActive ? [new KnowledgeRetracted { ItemId = item.Id, Reason = TextPolicy.Text(reason.Trim(), "reason"), Source = source, At = at }] : [];
    }

    /// <summary>The item with this id, or one whose id starts with it (a short prefix, as in git).</summary>
    public static KnowledgeItem Find(ExpertState state, string itemId)
    {
        if (state.Items.TryGetValue(itemId, out var exact)) return exact;
        var matches = state.Items.Values.Where(i => i.Id.StartsWith(itemId, StringComparison.Ordinal)
            || i.Id.AsSpan(i.Id.IndexOf('-') + 1).StartsWith(itemId, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw NotFoundException.Item(state.Slug, itemId),
            _ => throw InputException.Of($"Item id '{itemId}' is ambiguous; give more characters.", "itemId", ErrorCodes.ItemAmbiguous, itemId),
        };
    }

    /// <summary>Identity text of an item: books are one item per title and author; everything else per text.</summary>
    public static string IdentityText(SectionKind section, string text, IReadOnlyDictionary<string, string>? fields) =>
        section is SectionKind.Book or SectionKind.AdvancedBook && fields is not null && fields.TryGetValue(ItemFields.Author, out var a)
            ? TextKey.Of(text) + " — " + TextKey.Of(a)
            : section == SectionKind.Other && fields is not null && fields.TryGetValue(ItemFields.Heading, out var h)
                ? TextKey.Of(h) + " — " + TextKey.Of(text)
                : TextKey.Of(text);

    /// <summary>Checks a slug: lower-case ascii letters, digits and dashes, 1–64 characters.</summary>
    public static void ValidateSlug(string? slug, string field = "slug")
    {
        if (string.IsNullOrEmpty(slug) || slug.Length > 64 || !slug.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-' || ch == '_')
            || slug[0] == '-')
            throw InputException.Of($"'{slug}' is not a valid slug: use lower-case latin letters, digits, '-' or '_' (1–64 characters).", field,
                ErrorCodes.SlugInvalid, slug ?? "", field);
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw InputException.Of($"Field '{field}' is required.", field, ErrorCodes.FieldRequired, "", field);
        if (value.Length > MaxTextLength) throw TooLong($"Field '{field}' is {value.Length:N0} characters; the limit is {MaxTextLength:N0}.", field, value.Length);
    }

    private static InputException TooLong(string message, string field, int length) =>
        InputException.Of(message, field, ErrorCodes.TextTooLong, field, length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), MaxTextLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

    private static string? Differs(string? value, string current) => value is not null && value != current ? value : null;

    /// <summary>Profile text under the one text policy (every adapter's writes pass here, whatever the store).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Checked(string? value, string field) => value is null ? null : TextPolicy.Text(value, field);

    private static List<string>? CleanList(IReadOnlyList<string>? list, string field) =>
        list?.Select((s, i) => TextPolicy.Text(TextKey.Clean(s), $"{field}[{i}]")).Where(s => s.Length > 0).Distinct().ToList();

    /// <summary>Tags as written ("Decimal" stays "Decimal"); a repeat in another case is the same tag, and the first spelling wins.</summary>
    private static List<string>? CleanTags(IReadOnlyList<string>? tags) =>
        CleanList(tags, "tags")?.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
