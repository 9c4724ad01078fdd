namespace KnowledgeOs;

/// <summary>The codes of the errors an operator hits: the server's and the CLI's options, stores, keys and settings.</summary>
public static partial class ErrorCodes
{
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
}
