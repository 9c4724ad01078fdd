namespace KnowledgeOs;

/// <summary>An error a user can act on. Its type says what kind; each host maps that to its own answer (the CLI's exit code, an HTTP status).</summary>
/// <remarks>
/// <see cref="Exception.Message"/> is English and stays as it is (problem+json's <c>detail</c>, the CLI's stderr); an
/// error a person can hit also carries a stable <see cref="Code"/> (<see cref="ErrorCodes"/>) and the <see cref="Args"/>
/// it is worded from in another language (<c>ErrorLabels</c>).
/// </remarks>
public abstract class KnowledgeOsException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Stable machine code (<see cref="ErrorCodes"/>); empty for an error worded only in English.</summary>
    public string Code { get; internal set; } = "";

    /// <summary>The values the message is worded from, in the order of its code's wording.</summary>
    public IReadOnlyList<string> Args { get; internal set; } = [];
}

/// <summary>Giving an error its code.</summary>
public static class KnowledgeOsExceptionCodes
{
    /// <summary>The error with a code (<see cref="ErrorCodes"/>) and the arguments its wordings take.</summary>
    public static TException WithCode<TException>(this TException error, string code, params string[] args) where TException : KnowledgeOsException
    {
        ArgumentNullException.ThrowIfNull(error);
        error.Code = code;
        error.Args = args;
        return error;
    }
}

/// <summary>The codes of the domain's errors a person can hit (each worded in Russian by <c>ErrorLabels</c>).</summary>
public static class ErrorCodes
{
    /// <summary>A team has no such expert: team, slug.</summary>
    public const string ExpertNotFound = "expert-not-found";
    /// <summary>An expert has no such item: slug, item id.</summary>
    public const string ItemNotFound = "item-not-found";
    /// <summary>An item id prefix matches several items: the prefix.</summary>
    public const string ItemAmbiguous = "item-ambiguous";
    /// <summary>A team has no expert (yet): team.</summary>
    public const string TeamEmpty = "team-empty";
    /// <summary>Named experts are not in the team: the names, comma-separated.</summary>
    public const string ExpertsNotInTeam = "experts-not-in-team";
    /// <summary>The expert is at another version than the one expected: slug, version, expected.</summary>
    public const string StaleVersion = "stale-version";
    /// <summary>An idempotency key used for another request: key, team.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    /// <summary>Input over a documented limit: field, limit name, its value.</summary>
    public const string LimitExceeded = "limit-exceeded";
    /// <summary>An unknown language: field, value.</summary>
    public const string UnknownLanguage = "unknown-language";
    /// <summary>No active API key with this id: the id.</summary>
    public const string KeyNotFound = "key-not-found";
    /// <summary>A path given on the command line that is neither a file nor a folder: the path.</summary>
    public const string PathMissing = "path-missing";
    /// <summary>A file or request body with nothing in it: its name.</summary>
    public const string FileEmpty = "file-empty";
    /// <summary>A file or request body that is not JSON: its name, line, byte (1-based).</summary>
    public const string JsonInvalid = "json-invalid";
    /// <summary>A required field is missing: file, field.</summary>
    public const string FieldRequired = "field-required";
    /// <summary>A field that must be a string is not: file, field.</summary>
    public const string FieldNotString = "field-not-string";
    /// <summary>A field that must be a whole number is not one in range: file, field, the maximum.</summary>
    public const string FieldNotWholeNumber = "field-not-whole-number";
    /// <summary>A date-time that is not ISO 8601 with an offset: file, field, the value.</summary>
    public const string FieldNotDate = "field-not-date";
    /// <summary>An outcome that is not one of the known: file, field, the value, the known outcomes.</summary>
    public const string UnknownOutcome = "unknown-outcome";
    /// <summary>A report for a task already learned from other content: key, team, task id.</summary>
    public const string TaskLearnedWithOtherContent = "task-learned-other-content";
    /// <summary>Onboarding an expert that exists with another profile: slug, its name, its role, the fields that differ.</summary>
    public const string ExpertExistsDifferent = "expert-exists-different";
    /// <summary>Confirming a retracted item: item id, the retraction's reason.</summary>
    public const string ItemRetracted = "item-retracted";
    /// <summary>A slug that is not one: the value, the field.</summary>
    public const string SlugInvalid = "slug-invalid";
    /// <summary>A text over its length: field, its length, the limit.</summary>
    public const string TextTooLong = "text-too-long";
    /// <summary>A report names an expert the team does not have: field, slug or name, role (may be empty), namesakes in other roles (may be empty).</summary>
    public const string ParticipantUnknown = "participant-unknown";
    /// <summary>A report names several experts that could be the one meant: field, slug or name, role (may be empty), the candidates.</summary>
    public const string ParticipantAmbiguous = "participant-ambiguous";
    /// <summary>A report names a new expert with no name: field.</summary>
    public const string ParticipantNoName = "participant-no-name";
    /// <summary>A report names one expert twice: field, slug or name, role (may be empty).</summary>
    public const string ParticipantTwice = "participant-twice";
    /// <summary>No slug can be made from a name: field, the name.</summary>
    public const string SlugFromNameImpossible = "slug-from-name-impossible";
    /// <summary>A report names a merged twin by its slug: field, the slug, the expert it was merged into.</summary>
    public const string ExpertMerged = "expert-merged";
    /// <summary>Merging an expert into itself: the slug.</summary>
    public const string MergeIntoItself = "merge-into-itself";
    /// <summary>A report's used items that no expert of the team has: field, team, the ids.</summary>
    public const string UsedItemsUnknown = "used-items-unknown";
    /// <summary>An expert with no knowledge base yet at a past point of view: slug, the axis (valid or recorded), the time.</summary>
    public const string ExpertEmptyAt = "expert-empty-at";
    /// <summary>No task given: field.</summary>
    public const string TaskMissing = "task-missing";
    /// <summary>A task or query with no searchable word: field.</summary>
    public const string NothingToSearch = "nothing-to-search";
    /// <summary>A whole number out of its range: field, the minimum, the maximum (empty when there is none).</summary>
    public const string NumberNotBetween = "number-not-between";
    /// <summary>A context pack's budget too small for its title and counts: field, the budget, what they need, the unit.</summary>
    public const string BudgetTooSmall = "budget-too-small";
    /// <summary>A usage error of <c>kos</c> (Spectre's parser): an option no command has: the option.</summary>
    public const string UsageUnknownOption = "usage-unknown-option";
    /// <summary>A usage error: a command <c>kos</c> does not have: the command.</summary>
    public const string UsageUnknownCommand = "usage-unknown-command";
    /// <summary>A usage error: a command without a required argument: the command, the argument.</summary>
    public const string UsageMissingArgument = "usage-missing-argument";
    /// <summary>A usage error: a value that does not convert to what its option or argument takes: the value.</summary>
    public const string UsageBadValue = "usage-bad-value";
    /// <summary>A usage error: an argument the command has no place for: the argument.</summary>
    public const string UsageExtraArgument = "usage-extra-argument";
    /// <summary>A field (or the whole file, <c>$</c>) that must be a JSON object is not: file, field.</summary>
    public const string FieldNotObject = "field-not-object";
    /// <summary>A field that must be a list (of strings) is not: file, field.</summary>
    public const string FieldNotList = "field-not-list";
    /// <summary>A field that must be a string or an object is neither: file, field.</summary>
    public const string FieldNotStringOrObject = "field-not-string-or-object";
    /// <summary>A field that must be true or false is not: file, field.</summary>
    public const string FieldNotBoolean = "field-not-boolean";
    /// <summary>A list that needs at least one entry is empty: file, field.</summary>
    public const string ListEmpty = "list-empty";
    /// <summary>A field the file's format does not have: file, field, the known fields (may be empty).</summary>
    public const string FieldUnknown = "field-unknown";
    /// <summary>A field given twice in one object: file, field.</summary>
    public const string FieldDuplicate = "field-duplicate";
    /// <summary>A value an earlier entry already has: file, field, the value.</summary>
    public const string ValueDuplicate = "value-duplicate";
    /// <summary>Two experts of a team file with one name and role: file, field, name, role.</summary>
    public const string ExpertDuplicate = "expert-duplicate";
    /// <summary>A value that is not one of the known: file, field, the value, the known values.</summary>
    public const string FieldValueUnknown = "field-value-unknown";
    /// <summary>A whole number under its minimum: file, field, the minimum.</summary>
    public const string NumberTooSmall = "number-too-small";
    /// <summary>A number too large or too precise to hold: file, field.</summary>
    public const string NumberOutOfRange = "number-out-of-range";
    /// <summary>A measurement of a report's metrics with an empty name: file, field.</summary>
    public const string MetricNameEmpty = "metric-name-empty";
    /// <summary>A measurement of a report's metrics that is a list: file, field.</summary>
    public const string MetricIsList = "metric-is-list";
    /// <summary>An id over its length or with control characters: file, field, the maximum length.</summary>
    public const string IdentifierInvalid = "identifier-invalid";
    /// <summary>A reference that is neither an item id nor a pack id this server made: file, field.</summary>
    public const string ReferenceUnknown = "reference-unknown";
    /// <summary>A program template's week range that is not one (<c>1-2</c>) or ends before it starts: file, field, the value.</summary>
    public const string WeekRangeInvalid = "week-range-invalid";
    /// <summary>A program template's stage out of order (weeks or tier): file, field, the value, the previous stage's.</summary>
    public const string StagesOutOfOrder = "stages-out-of-order";
    /// <summary>A program template's evidence rule that cannot be read: file, field, the checklist item.</summary>
    public const string EvidenceRuleInvalid = "evidence-rule-invalid";
    /// <summary>A text with a character the text policy refuses (NUL, unpaired surrogate; bidi control or zero-width in an id): field, the character (U+XXXX), its position, the file (may be empty).</summary>
    public const string TextCharacterRefused = "text-character-refused";
    /// <summary>A JSON string escape (or a field name) with half a surrogate pair: file, field.</summary>
    public const string TextUnpairedSurrogate = "text-unpaired-surrogate";
    /// <summary>Bytes that are not UTF-8: file, the byte (1-based).</summary>
    public const string Utf8Invalid = "utf8-invalid";
    /// <summary>A context pack's budget out of its range: field, minimum, maximum, unit, the value given.</summary>
    public const string BudgetOutOfRange = "budget-out-of-range";
    /// <summary>An option's value that is not one of the known: option, the value, the known values.</summary>
    public const string OptionValueUnknown = "option-value-unknown";
    /// <summary>A file named (on the command line, by an option) that does not exist: the path, the option (may be empty).</summary>
    public const string FileMissing = "file-missing";
    /// <summary>A file that exists but may not be read (permissions, a folder): the path.</summary>
    public const string FileAccessDenied = "file-access-denied";
    /// <summary>A file the disk fails to read: the path.</summary>
    public const string FileUnreadable = "file-unreadable";
    /// <summary>A backup that is neither an SQLite file nor a KnowledgeOS archive: the path.</summary>
    public const string BackupUnknown = "backup-unknown";
    /// <summary>A team with no expert yet at a past point of view: team, the axis (valid or recorded), the time.</summary>
    public const string TeamEmptyAt = "team-empty-at";
    /// <summary>Both points of view asked at once: the valid-time option, the recorded-time option.</summary>
    public const string AsOfBoth = "as-of-both";
    /// <summary>A value that is not a date or date-time: field, the value.</summary>
    public const string DateInvalid = "date-invalid";
    /// <summary>Two parameters given that ask different things; one of them is wanted: the first, the second.</summary>
    public const string ParametersExclusive = "parameters-exclusive";
    /// <summary>A feed position past the newest event: field, the position, the newest.</summary>
    public const string PositionPastHead = "position-past-head";
    /// <summary>A value that is not an event position: field, the value.</summary>
    public const string PositionInvalid = "position-invalid";
    /// <summary>A page cursor this list never handed out: the cursor (shortened).</summary>
    public const string CursorInvalid = "cursor-invalid";
    /// <summary>An <c>If-Match</c> that is not a version ETag: the header's value.</summary>
    public const string VersionTagInvalid = "version-tag-invalid";
    /// <summary>A report sent as another content type than JSON: the type.</summary>
    public const string ContentTypeNotJson = "content-type-not-json";
    /// <summary>No expert of a team learned from a task: team, task id.</summary>
    public const string TaskNotLearned = "task-not-learned";
    /// <summary>An import request with no file attached.</summary>
    public const string FilesMissing = "files-missing";
    /// <summary>Too many files in one request: their count, the limit.</summary>
    public const string FilesTooMany = "files-too-many";
    /// <summary>An uploaded file's name that cannot be used: the name.</summary>
    public const string FileNameUnusable = "file-name-unusable";
    /// <summary>An uploaded file's name over the file system's length: its start, its length, the limit in bytes.</summary>
    public const string FileNameTooLong = "file-name-too-long";
    /// <summary>Two uploaded files with one name: the name.</summary>
    public const string FileNameTwice = "file-name-twice";
    /// <summary>Merging an expert that was already merged into another: slug, the other.</summary>
    public const string ExpertAlreadyMerged = "expert-already-merged";
    /// <summary>Merging into an expert that was itself merged: slug, the expert it was merged into.</summary>
    public const string MergeTargetMerged = "merge-target-merged";
    /// <summary>A feed's response with nothing in it: where it came from.</summary>
    public const string FeedEmpty = "feed-empty";
    /// <summary>A feed's address that returned an HTML page: where it came from.</summary>
    public const string FeedIsHtml = "feed-is-html";
    /// <summary>A feed that is not XML: where it came from, line, position.</summary>
    public const string FeedXmlInvalid = "feed-xml-invalid";
    /// <summary>XML whose root is no feed's: where it came from, the root's name.</summary>
    public const string FeedRootUnknown = "feed-root-unknown";
    /// <summary>RSS without a channel: where it came from.</summary>
    public const string FeedRssNoChannel = "feed-rss-no-channel";
    /// <summary>A JSON feed that is not JSON: where it came from, line.</summary>
    public const string FeedJsonInvalid = "feed-json-invalid";
    /// <summary>JSON that is not a JSON Feed: where it came from.</summary>
    public const string FeedJsonNotFeed = "feed-json-not-feed";
    /// <summary>A value that is not a pack id this server made: the value (shortened), field.</summary>
    public const string PackIdInvalid = "pack-id-invalid";
    /// <summary>Program templates without the generic one: its file name.</summary>
    public const string ProgramGenericMissing = "program-generic-missing";
    /// <summary>Two program templates for one role: the file, the role, the other file.</summary>
    public const string ProgramRoleTaken = "program-role-taken";
    /// <summary>A document's title without a role: line, the title, the heading it starts with, the name (may be empty).</summary>
    public const string TitleNoRole = "title-no-role";
    /// <summary>A document without a title line: the heading it should start with, the first heading's line and text (both may be empty).</summary>
    public const string TitleMissing = "title-missing";
    /// <summary>Half a surrogate pair in a read file: file, line, the character (U+XXXX).</summary>
    public const string LineUnpairedSurrogate = "line-unpaired-surrogate";
    /// <summary>Markdown nested deeper than the reader takes: file.</summary>
    public const string MarkdownTooDeep = "markdown-too-deep";
    /// <summary>A file with broken UTF-8: line, byte, how many sequences are broken (may be empty).</summary>
    public const string Utf8InvalidAtLine = "utf8-invalid-at-line";
    /// <summary>A binary file given as a text document.</summary>
    public const string FileBinary = "file-binary";
    /// <summary>Neither an expert nor a folder for all of them given.</summary>
    public const string ExpertOrFolderRequired = "expert-or-folder-required";
    /// <summary>No file to write given.</summary>
    public const string OutFileRequired = "out-file-required";
    /// <summary>A write that lost its race too often: the retries.</summary>
    public const string RetriesExhausted = "retries-exhausted";
    /// <summary>A stream written while the projections were rebuilt: the stream.</summary>
    public const string RebuildRaced = "rebuild-raced";
    /// <summary>A file with a guidance block's start marker but no end marker: the start, the end.</summary>
    public const string GuidanceEndMissing = "guidance-end-missing";
    /// <summary>A file that is not a KnowledgeOS export: its name, the JSON path and line (both empty for <c>null</c>).</summary>
    public const string ExportInvalid = "export-invalid";
    /// <summary>An export of a format this version does not read: its name, the format, the format read.</summary>
    public const string ExportFormatUnsupported = "export-format-unsupported";
    /// <summary>An export without its team or experts: its name.</summary>
    public const string ExportIncomplete = "export-incomplete";
    /// <summary>A commit of more events than the store takes: the events, the limit.</summary>
    public const string CommitTooLarge = "commit-too-large";
    /// <summary>An event holding a NUL character: its type, its stream.</summary>
    public const string EventHoldsNul = "event-holds-nul";
    /// <summary>A commit's team, expert, idempotency key or request hash holding a NUL: which of them (<c>team</c>, <c>expert</c>, <c>idempotency key</c>, <c>request hash</c>).</summary>
    public const string CommitHoldsNul = "commit-holds-nul";
    /// <summary>Data the database itself refused: the database, its reason (its own words).</summary>
    public const string DatabaseRefused = "database-refused";
    /// <summary>An embeddings setting that is not one: option, the setting, why (<c>no-provider</c>, <c>provider-unknown</c>, <c>no-model</c>, <c>not-http</c>), the value at fault (may be empty).</summary>
    public const string EmbeddingsSettingInvalid = "embeddings-setting-invalid";
    /// <summary>An embeddings provider that needs a key none is set for: option, the address, the variables.</summary>
    public const string EmbeddingsKeyMissing = "embeddings-key-missing";
    /// <summary>An empty database path.</summary>
    public const string DataPathEmpty = "data-path-empty";
    /// <summary>The PostgreSQL store without a connection string.</summary>
    public const string ConnectionRequired = "connection-required";
    /// <summary>No address to listen on.</summary>
    public const string UrlsMissing = "urls-missing";
    /// <summary>A setting below another it must reach: the setting, the other.</summary>
    public const string OptionBelowOther = "option-below-other";
    /// <summary>Listening beyond loopback with no API key: the addresses.</summary>
    public const string ListenOpenWithoutKeys = "listen-open-without-keys";
    /// <summary>An address that cannot be listened on: the address, an example.</summary>
    public const string ListenAddressInvalid = "listen-address-invalid";
    /// <summary>An option given without its value: the option.</summary>
    public const string OptionNeedsValue = "option-needs-value";
}

/// <summary>Bad input: a file, line or field that is wrong. Nothing was written.</summary>
public class InputException(string message, string? field = null, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>An error with a code.</summary>
    public static InputException Of(string message, string? field, string code, params string[] args)
    {
        var error = new InputException(message, field);
        return error.WithCode(code, args);
    }

    /// <summary>The field, file or line at fault, when known (<c>participants[0].outcome</c>).</summary>
    public string? Field { get; } = field;
}

/// <summary>Input over a documented limit (docs/LIMITS.md): too many items, participants, characters or events. Nothing was written.</summary>
/// <param name="message">What is over which limit, naming the field.</param>
/// <param name="field">The field at fault (<c>participants[0].newKnowledge</c>).</param>
/// <param name="limit">The limit's name in <see cref="Learning.ReportLimits"/> (<c>MaxItemsPerParticipant</c>).</param>
/// <param name="max">The limit's value.</param>
public sealed class LimitExceededException : InputException
{
    /// <summary>An error naming the field over the limit.</summary>
    public LimitExceededException(string message, string field, string limit, int max) : base(message, field)
    {
        Limit = limit;
        Max = max;
        this.WithCode(ErrorCodes.LimitExceeded, field, limit, max.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The limit's name in <see cref="Learning.ReportLimits"/>.</summary>
    public string Limit { get; }
    /// <summary>The limit's value.</summary>
    public int Max { get; }
}

/// <summary>A write lost a race or contradicts what is stored (a version, an idempotency key). Nothing was written.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>
    /// The one answer to "same idempotency key, other request", in the store and at HTTP alike (409, exit code 3); the
    /// message names the key.
    /// </summary>
    public static ConflictException IdempotencyKeyReused(string team, string key)
    {
        var error = new ConflictException($"Idempotency key '{key}' of team '{team}' was already used for a different request; nothing was written.");
        return error.WithCode(ErrorCodes.IdempotencyKeyReused, key, team);
    }

    /// <summary>
    /// A report for a task already learned from other content, in a reader's words: the store's answer (naming the
    /// key) and how to apply the report as a revision instead, at every interface.
    /// </summary>
    public static ConflictException TaskLearnedWithOtherContent(string team, string taskId, string key, Exception? inner = null) =>
        new ConflictException($"{IdempotencyKeyReused(team, key).Message} Task {taskId} was already learned from other content. "
            + $"To apply this report as a revision of the task, amend it: `kos learn FILE --amend` "
            + $"(HTTP: POST /api/v1/teams/{team}/reports?amend=true; MCP: learn_from_report with amend: true).", inner)
            .WithCode(ErrorCodes.TaskLearnedWithOtherContent, key, team, taskId);
}

/// <summary>
/// A write named the version it expects (HTTP <c>If-Match</c>, <c>--expected-version</c>) and the expert is at another:
/// the caller's copy is stale and must be reloaded. Nothing was written. A lost race the service retries itself is not this.
/// </summary>
public sealed class StaleVersionException(string message) : KnowledgeOsException(message)
{
    /// <summary>The expert is at <paramref name="version"/>, not <paramref name="expected"/>.</summary>
    public static StaleVersionException Of(string slug, long version, long expected)
    {
        var error = new StaleVersionException($"Expert '{slug}' is at version {version}, not {expected}; reload it and try again with its version.");
        return error.WithCode(ErrorCodes.StaleVersion, slug, version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>An expert, item or team that does not exist.</summary>
public sealed class NotFoundException(string message) : KnowledgeOsException(message)
{
    /// <summary>The team has no expert with this slug.</summary>
    public static NotFoundException Expert(string team, string slug) =>
        Of($"Team '{team}' has no expert '{slug}'.", ErrorCodes.ExpertNotFound, team, slug);

    /// <summary>The expert has no item with this id.</summary>
    public static NotFoundException Item(string slug, string itemId) =>
        Of($"{slug} has no item '{itemId}'.", ErrorCodes.ItemNotFound, slug, itemId);

    /// <summary>The team had no expert yet at a past point of view.</summary>
    public static NotFoundException TeamEmptyAt(string team, Storage.AsOf at)
    {
        ArgumentNullException.ThrowIfNull(at);
        return Of($"Team '{team}' had no experts yet {at}.", ErrorCodes.TeamEmptyAt, [team, .. PointOfView(at)]);
    }

    /// <summary>The expert had no knowledge base yet at a past point of view.</summary>
    public static NotFoundException ExpertEmptyAt(string slug, Storage.AsOf at)
    {
        ArgumentNullException.ThrowIfNull(at);
        return Of($"Expert '{slug}' had no knowledge base yet {at}.", ErrorCodes.ExpertEmptyAt, [slug, .. PointOfView(at)]);
    }

    /// <summary>A point of view as a code's arguments: <c>valid</c> or <c>recorded</c>, and the time as the message shows it.</summary>
    private static string[] PointOfView(Storage.AsOf at) =>
        [at.Axis == Storage.TimeAxis.Valid ? "valid" : "recorded", at.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z"];

    /// <summary>The team has no expert at all.</summary>
    public static NotFoundException TeamEmpty(string team) => Of($"Team '{team}' has no experts.", ErrorCodes.TeamEmpty, team);

    /// <summary>An error with a code.</summary>
    public static NotFoundException Of(string message, string code, params string[] args)
    {
        var error = new NotFoundException(message);
        return error.WithCode(code, args);
    }
}

/// <summary>The store cannot be opened or written (not a database, read-only, locked too long).</summary>
public sealed class StorageException(string message, Exception? inner = null) : KnowledgeOsException(message, inner);
