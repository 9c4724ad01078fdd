namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary><c>kos expert add</c>: done.</summary>
    public string ExpertOnboarded(string slug, string team) => English ? $"Onboarded {slug} in team {team}." : $"Эксперт {slug} добавлен в команду {team}.";

    /// <summary><c>kos expert add</c>: the expert was there.</summary>
    public string ExpertAlreadyOnboarded(string slug) => English ? $"{slug} already onboarded; nothing changed." : $"Эксперт {slug} уже есть; ничего не изменилось.";

    /// <summary><c>kos expert change</c>: done, at this version of the expert.</summary>
    public string ExpertChanged(string slug, long version) => English
        ? Inv($"Changed {slug} (version {version}).")
        : Inv($"Эксперт {slug} изменён (версия {version}).");

    /// <summary><c>kos expert change</c>: every field given was already so.</summary>
    public string ExpertUnchanged => English ? "Nothing differs; nothing changed." : "Ничего не отличается; ничего не изменилось.";

    /// <summary><c>kos onboard</c>: how many experts of the team file were new and how many were there.</summary>
    public string TeamOnboarded(int added, int already, string team) => English
        ? $"{added} onboarded, {already} already there, in team {team}."
        : $"В команде {team}: добавлено {added}, уже были {already}.";
}
