namespace KnowledgeOs;

/// <summary>The codes of the domain's errors a person can hit (each worded in Russian by <c>ErrorLabels</c>).</summary>
public static partial class ErrorCodes
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
    /// <summary>A participant's own outcome says in progress (only the report's outcome may): file, field, the value.</summary>
    public const string ParticipantInProgress = "participant-in-progress";
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
    /// <summary>A write that gave up because the queued commits of other writers it stood on kept being refused: the retries.</summary>
    public const string CommitsNotLanded = "commits-not-landed";
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
}
