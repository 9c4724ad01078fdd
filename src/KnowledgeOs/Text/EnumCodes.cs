using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace KnowledgeOs.Text;

/// <summary>
/// The text codes of an enum, read once from its <see cref="JsonStringEnumMemberNameAttribute"/>s: the attribute is the one
/// place a code is written, so JSON (<see cref="JsonStringEnumConverter{TEnum}"/>), <c>Code()</c> and parsing agree.
/// </summary>
/// <typeparam name="TEnum">An enum whose every member carries <see cref="JsonStringEnumMemberNameAttribute"/>.</typeparam>
public static class EnumCodes<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> CodeOf = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(
            f => (TEnum)f.GetValue(null)!,
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                 ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{f.Name} has no [JsonStringEnumMemberName]."));

    private static readonly FrozenDictionary<string, TEnum> ValueOf =
        CodeOf.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every member, in declaration order.</summary>
    public static IReadOnlyList<TEnum> Values { get; } = Enum.GetValues<TEnum>();

    /// <summary>The code of a member (<c>not_due</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a member.</exception>
    public static string Code(TEnum value) =>
        CodeOf.TryGetValue(value, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(TEnum).Name}.");

    /// <summary>The member with this exact code; null when none has it.</summary>
    public static TEnum? Parse(string? code) =>
        code is not null && ValueOf.TryGetValue(code, out var value) ? value : null;

    /// <summary>The member with this code, ignoring case and surrounding white space; null when none has it.</summary>
    public static TEnum? ParseLoose(string? text) => Parse(text?.Trim().ToLowerInvariant());

    /// <summary>The codes joined for an error message: <c>active, paused or retired</c>.</summary>
    public static string Allowed { get; } = CodeOf.Count switch
    {
        1 => CodeOf[Values[0]],
        _ => string.Join(", ", Values.Take(Values.Count - 1).Select(Code)) + " or " + Code(Values[^1]),
    };
}

/// <summary>
/// <c>status.Code()</c> for every enum whose members carry <see cref="JsonStringEnumMemberNameAttribute"/>s, so a status
/// type needs no extension class of its own to be written as text.
/// </summary>
public static class EnumCodeExtensions
{
    /// <summary>The code of a member (<c>not_due</c>), as <see cref="EnumCodes{TEnum}.Code"/> gives it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not a member.</exception>
    public static string Code<TEnum>(this TEnum value) where TEnum : struct, Enum => EnumCodes<TEnum>.Code(value);
}
