namespace KnowledgeOs.Hosting;

/// <summary>What a key may do. Scopes nest: <c>admin</c> includes <c>write</c>, <c>write</c> includes <c>read</c>.</summary>
public static class ApiKeyScopes
{
    /// <summary>Read experts, items, knowledge bases, metrics, history, the change feed and exports.</summary>
    public const string Read = "read";
    /// <summary>Post reports, add, confirm and retract items, import documents.</summary>
    public const string Write = "write";
    /// <summary>Onboard experts and change their profiles.</summary>
    public const string Admin = "admin";

    /// <summary>Every scope, weakest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin];

    /// <summary>True when a key with <paramref name="granted"/> may do what <paramref name="required"/> allows.</summary>
    /// <remarks>Asked on every keyed request: a loop over the list, no enumerator or closure allocated.</remarks>
    public static bool Allows(IReadOnlyList<string> granted, string required)
    {
        ArgumentNullException.ThrowIfNull(granted);
        var need = Rank(required);
        for (var i = 0; i < granted.Count; i++)
            if (Rank(granted[i]) >= need) return true;
        return false;
    }

    /// <summary>Parses a comma-separated list (<c>read,write</c>).</summary>
    /// <exception cref="InputException">A scope is unknown or the list is empty.</exception>
    public static IReadOnlyList<string> Parse(string? list, string field = "scope")
    {
        var scopes = (list ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (scopes.Count == 0) throw InputException.Of("Give at least one scope: read, write or admin.", field, ErrorCodes.ScopesMissing, field);
        foreach (var s in scopes)
            if (Rank(s) < 0) throw InputException.Of($"Unknown scope '{s}' (expected read, write or admin).", field, ErrorCodes.OptionValueUnknown, field, s, "read, write, admin");
        return scopes.OrderBy(Rank).ToList();
    }

    private static int Rank(string scope) => scope switch
    {
        Read => 0,
        Write => 1,
        Admin => 2,
        _ => -1,
    };
}
