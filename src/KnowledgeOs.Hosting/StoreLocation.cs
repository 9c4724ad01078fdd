using KnowledgeOs.Postgres;

namespace KnowledgeOs.Hosting;

/// <summary>Kinds of event store.</summary>
public enum StoreKind
{
    /// <summary>One SQLite file: the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several servers.</summary>
    Postgres,
}

/// <summary>Where a store is: an SQLite file path or a PostgreSQL connection string.</summary>
/// <param name="Kind">The kind of store.</param>
/// <param name="Target">The file path (SQLite) or the connection string (PostgreSQL).</param>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>Parses <c>sqlite:PATH</c> or <c>postgres:CONNECTION</c> (as <c>kos migrate</c> takes them).</summary>
    /// <exception cref="InputException">Neither form.</exception>
    public static StoreLocation Parse(string text, string option)
    {
        var cut = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, target) = cut > 0 ? (text[..cut], text[(cut + 1)..]) : (text, "");
        if (target.Length == 0)
            throw InputException.Of($"{option} '{text}' names no store; use sqlite:PATH or postgres:\"Host=…;Database=…\".", option, ErrorCodes.StoreUnnamed, option, text);
        return new StoreLocation(ParseKind(kind, option), target);
    }

    /// <summary>Parses a store kind name.</summary>
    /// <exception cref="InputException">An unknown kind.</exception>
    public static StoreKind ParseKind(string kind, string option) => kind.ToLowerInvariant() switch
    {
        "sqlite" => StoreKind.Sqlite,
        "postgres" or "postgresql" or "pg" => StoreKind.Postgres,
        _ => throw InputException.Of($"{option}: unknown store '{kind}'; use sqlite or postgres.", option, ErrorCodes.OptionValueUnknown, option, kind, "sqlite, postgres"),
    };

    /// <summary>For messages: the path, or host, port and database (never a password).</summary>
    public string Describe() => Kind switch
    {
        StoreKind.Sqlite => "sqlite:" + Path.GetFullPath(Target),
        _ => "postgres:" + PostgresEventStore.Describe(Target),
    };
}
