namespace KnowledgeOs.Storage;

/// <summary>The stream of one expert in one team.</summary>
/// <param name="Team">Team slug.</param>
/// <param name="Expert">Expert slug.</param>
public readonly record struct StreamId(string Team, string Expert)
{
    /// <summary>Stored form: <c>team/expert</c>.</summary>
    public override string ToString() => $"{Team}/{Expert}";

    /// <summary>Parses the stored form.</summary>
    public static StreamId Parse(string value)
    {
        var cut = value.IndexOf('/', StringComparison.Ordinal);
        return cut > 0 ? new StreamId(value[..cut], value[(cut + 1)..]) : throw new FormatException($"'{value}' is not a stream id.");
    }
}
