namespace KnowledgeOs;

/// <summary>The codes of the errors an operator hits: the server's and the CLI's options, stores, keys and settings.</summary>
public static partial class ErrorCodes
{
    /// <summary>An embeddings setting that is not one: option, the setting, why (<c>no-provider</c>, <c>provider-unknown</c>, <c>no-model</c>, <c>not-http</c>), the value at fault (may be empty).</summary>
    public const string EmbeddingsSettingInvalid = "embeddings-setting-invalid";
    /// <summary>An embeddings provider that needs a key none is set for: option, the address, the variables.</summary>
    public const string EmbeddingsKeyMissing = "embeddings-key-missing";
    /// <summary>A PostgreSQL connection string that cannot be read: the option.</summary>
    public const string ConnectionStringInvalid = "connection-string-invalid";
    /// <summary>An archive imported into a store that already holds events: the store.</summary>
    public const string StoreNotEmpty = "store-not-empty";
    /// <summary>Another writer stored the same events or idempotency key at the same moment; nothing was written.</summary>
    public const string WriteRaced = "write-raced";
    /// <summary>A write waited its whole <c>LeaseWait</c> for a write lease another server holds: the team, the seconds waited.</summary>
    public const string LeaseWaitedOut = "lease-waited-out";
    /// <summary>An empty database path.</summary>
    public const string DataPathEmpty = "data-path-empty";
    /// <summary>The PostgreSQL store without a connection string.</summary>
    public const string ConnectionRequired = "connection-required";
    /// <summary>An address for forwarded writes given to a server that is not on PostgreSQL.</summary>
    public const string AdvertiseNeedsPostgres = "advertise-needs-postgres";
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
    /// <summary>A file that would be overwritten: the path.</summary>
    public const string FileExists = "file-exists";
    /// <summary><c>kos cycle</c> given <c>--recorded-as-of</c>.</summary>
    public const string CycleRecordedAsOf = "cycle-recorded-as-of";
    /// <summary>A required option not given: the option, what it takes (<c>store</c>, or empty).</summary>
    public const string OptionRequired = "option-required";
    /// <summary>A file given where a folder is wanted: the option, the path.</summary>
    public const string FolderExpected = "folder-expected";
    /// <summary>A folder that does not exist: the option, the folder.</summary>
    public const string FolderMissing = "folder-missing";
    /// <summary>No file of the kinds read under the paths given: the kinds, the paths.</summary>
    public const string NoFilesFound = "no-files-found";
    /// <summary>A <c>--field</c> that is not <c>NAME=VALUE</c>: the value.</summary>
    public const string FieldOptionInvalid = "field-option-invalid";
    /// <summary>A key with an empty holder's name.</summary>
    public const string KeyNameEmpty = "key-name-empty";
    /// <summary>Migrating a store into itself: the store.</summary>
    public const string StoresSame = "stores-same";
    /// <summary><c>kos reindex</c> told nothing to index.</summary>
    public const string ReindexNothing = "reindex-nothing";
    /// <summary><c>--embeddings</c> without a provider and none set: the variable.</summary>
    public const string EmbeddingsProviderRequired = "embeddings-provider-required";
    /// <summary>An API key with no scope: the option.</summary>
    public const string ScopesMissing = "scopes-missing";
    /// <summary>A key's holder's name that is empty, too long or not printable.</summary>
    public const string KeyNameInvalid = "key-name-invalid";
    /// <summary>Importing a server archive into a store that has API keys: the store.</summary>
    public const string StoreHoldsKeys = "store-holds-keys";
    /// <summary>A store location with a kind but no store: the option, the value.</summary>
    public const string StoreUnnamed = "store-unnamed";
    /// <summary>A duration setting that is not positive: the setting.</summary>
    public const string SettingNotPositive = "setting-not-positive";
    /// <summary>An address setting that is not http(s): the setting, the value.</summary>
    public const string UrlNotHttp = "url-not-http";
    /// <summary>A time zone that is not known: the setting, the value.</summary>
    public const string TimeZoneUnknown = "time-zone-unknown";
    /// <summary>A guidance target for all experts without a folder (or with a file): where in the settings.</summary>
    public const string GuidanceAllNeedsDir = "guidance-all-needs-dir";
    /// <summary>A guidance target for one expert without a file (or with a folder): where in the settings, the expert.</summary>
    public const string GuidanceOneNeedsOut = "guidance-one-needs-out";
    /// <summary>The cycle's HTTP timeouts out of order.</summary>
    public const string HttpTimeoutsInvalid = "http-timeouts-invalid";
    /// <summary>The cycle's HTTP breaker settings out of range.</summary>
    public const string HttpBreakerInvalid = "http-breaker-invalid";
    /// <summary>A schedule that is not a cron expression: the setting, the value.</summary>
    public const string CronInvalid = "cron-invalid";
    /// <summary>A configuration file that is not JSON: its path.</summary>
    public const string ConfigJsonInvalid = "config-json-invalid";
    /// <summary>A configuration value of the wrong kind: the file's path.</summary>
    public const string ConfigValueInvalid = "config-value-invalid";
    /// <summary>The feeds job asked for a past period.</summary>
    public const string CycleFeedsAsOf = "cycle-feeds-as-of";
    /// <summary>A job's schedule with no run after a time: the time, the job.</summary>
    public const string CyclePeriodNone = "cycle-period-none";
    /// <summary>A job's period not over yet: the time, the job, when it ends.</summary>
    public const string CyclePeriodFuture = "cycle-period-future";
}
