namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The Hunspell dictionaries the lemma tests need (Debian's <c>hunspell-ru</c> and <c>hunspell-en-us</c>, in
/// <c>KOS_HUNSPELL_DIR</c> or <c>/usr/share/hunspell</c>). Without them those tests skip, saying so; with
/// <c>KOS_REQUIRE_HUNSPELL=1</c> (set by <c>.ci/run</c> after <c>.ci/hunspell.sh</c> installed them) they fail instead.
/// </summary>
public static class TestHunspell
{
    /// <summary>Where the dictionaries are looked for, as the analyzer looks.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("KOS_HUNSPELL_DIR") is { Length: > 0 } dir ? dir : "/usr/share/hunspell";

    /// <summary>Skips the test when ru_RU or en_US is missing, or fails it when <c>KOS_REQUIRE_HUNSPELL=1</c>.</summary>
    public static void Require()
    {
        var missing = new[] { "ru_RU", "en_US" }.Where(n => !File.Exists(Path.Combine(Folder, n + ".aff")) || !File.Exists(Path.Combine(Folder, n + ".dic"))).ToList();
        if (missing.Count == 0) return;
        var reason = $"Hunspell {string.Join(" and ", missing)} not in {Folder}: these tests need them (apt-get install hunspell-ru hunspell-en-us, or `source .ci/hunspell.sh`).";
        if (Environment.GetEnvironmentVariable("KOS_REQUIRE_HUNSPELL") == "1") Assert.Fail(reason + " KOS_REQUIRE_HUNSPELL=1 makes that a failure.");
        Skip.If(true, reason);
    }
}
