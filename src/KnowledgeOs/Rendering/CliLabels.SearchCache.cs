namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary>The line written when the search cache could not load or bring up to date a team (that team's searches went to the store's index).</summary>
    public string SearchCacheFailed(string team, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return English
            ? $"search cache: team {team} is answered by the store's index for now: {error.GetType().Name}: {error.Message}"
            : $"кэш поиска: команде {team} пока отвечает индекс хранилища: {error.GetType().Name}: {error.Message}";
    }
}
