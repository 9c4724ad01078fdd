using System.Collections.Immutable;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// <see cref="HistoryKeys{T}"/> answers "does the list hold this key" from keys carried from list to list by the fold;
/// carried or built on a first lookup, short list or long, the answer must be a scan's, and the item that asks must
/// stay what it was: same equality, same JSON.
/// </summary>
public sealed class HistoryKeysTests
{
    private static readonly Func<Confirmation, string> SourceOf = c => c.Source;

    [Fact]
    public void Keys_carried_through_adds_and_keys_built_for_a_list_from_elsewhere_answer_what_a_scan_answers()
    {
        var random = new Random(20261205);
        var carried = ImmutableList<Confirmation>.Empty;
        for (var n = 0; n < 400; n++)
        {
            // Repeated sources too: a retracted item recorded again adds its source a second time.
            carried = HistoryKeys<Confirmation>.Add(carried, new Confirmation($"task:T-{random.Next(300)}", Day(n % 30)), SourceOf);
            var rebuilt = ImmutableList.CreateRange(carried);
            foreach (var probe in new[] { $"task:T-{random.Next(320)}", carried[^1].Source, carried[0].Source, "", "TASK:T-1" })
            {
                var scanned = carried.Exists(c => c.Source == probe);
                Assert.Equal(scanned, HistoryKeys<Confirmation>.Contains(carried, probe, SourceOf));
                Assert.Equal(scanned, HistoryKeys<Confirmation>.Contains(rebuilt, probe, SourceOf));
            }
        }
        Assert.True(carried.Count > HistoryKeys<Confirmation>.ScanUpTo);
    }

    [Fact]
    public void An_item_that_answered_lookups_keeps_its_equality_and_its_json()
    {
        var state = Given(Onboarded());
        for (var n = 0; n < 40; n++)
        {
            var report = Task($"T-{n}", n % 30, knowledge: ["Fact that every task confirms"]);
            state = Then(state, Learn(state, report));
            state = Then(state, [new ItemUsed { ItemId = state.Items.Keys.First(), TaskId = $"T-{n}", Outcome = Outcome.Success, Source = report.Source, At = Day(n % 30) }]);
        }
        var item = state.Items.Values.Single();
        var twin = item with { };
        var json = Json(state);

        Assert.True(item.HasSource("task:T-39"));
        Assert.False(item.HasSource("task:T-40"));
        Assert.True(item.HasUse("T-0"));
        Assert.False(item.HasUse("T-40"));
        Assert.Equal(twin, item);
        Assert.Equal(json, Json(state));
        Assert.Equal(40, item.Uses.Count);
    }
}
