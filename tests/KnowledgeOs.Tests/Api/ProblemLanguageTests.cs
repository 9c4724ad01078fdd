using System.Net.Http.Headers;
using System.Text.Json;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Issue #14: a coded domain error's problem+json carries its stable <c>code</c> and <c>args</c>; a client asking Russian
/// (<c>?lang=ru</c>, <c>Accept-Language: ru…</c> by q-value) gets <c>title</c> and <c>detail</c> in Russian; a client
/// asking nothing gets the English problem it always did.
/// </summary>
public sealed class ProblemLanguageTests
{
    private const string Experts = "api/v1/teams/demo/experts";

    [Fact]
    public async Task An_unknown_expert_is_worded_in_russian_when_asked_and_carries_its_code_either_way()
    {
        await using var server = await ApiServer.StartAsync();

        using var plain = await server.Client.GetAsync(Experts + "/nobody");
        var en = await plain.ProblemAsync(404);
        Assert.Equal("Not found", en.GetProperty("title").GetString());
        Assert.Equal("Team 'demo' has no expert 'nobody'.", en.GetProperty("detail").GetString());
        Assert.Equal("expert-not-found", en.GetProperty("code").GetString());
        Assert.Equal(["demo", "nobody"], en.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));

        var ru = await ProblemAsync(server, Experts + "/nobody", "ru", 404);
        Assert.Equal("Не найдено", ru.GetProperty("title").GetString());
        Assert.Equal("В команде «demo» нет эксперта «nobody».", ru.GetProperty("detail").GetString());
        Assert.Equal("expert-not-found", ru.GetProperty("code").GetString());

        var query = await ProblemAsync(server, Experts + "/nobody?lang=ru", "en", 404);
        Assert.Equal("В команде «demo» нет эксперта «nobody».", query.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_bad_report_s_field_problem_is_worded_in_russian_and_an_uncoded_one_stays_english()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/reports")
        {
            Content = Http.Json("""{ "taskId": "T-1", "completedAt": "2026-03-02T14:00:00Z", "participants": [] }"""),
        };
        request.Headers.AcceptLanguage.ParseAdd("ru-RU, ru;q=0.9, en;q=0.5");
        using var response = await server.Client.SendAsync(request);
        var problem = await response.ProblemAsync(400, "participants");
        Assert.Equal("Неверный запрос", problem.GetProperty("title").GetString());
        Assert.Contains("список «participants» пуст; нужен хотя бы один элемент.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("list-empty", problem.GetProperty("code").GetString());

        // The JSON binder's own refusal has no code: its detail stays English under a Russian title, with no code member.
        using var broken = new HttpRequestMessage(HttpMethod.Post, Experts) { Content = Http.Json("""{ "slug": 5 }""") };
        broken.Headers.AcceptLanguage.ParseAdd("ru");
        using var refused = await server.Client.SendAsync(broken);
        var uncoded = await refused.ProblemAsync(400);
        Assert.Equal("Неверный запрос", uncoded.GetProperty("title").GetString());
        Assert.Matches("^[ -~]+$", uncoded.GetProperty("detail").GetString()!);
        Assert.False(uncoded.TryGetProperty("code", out _));
    }

    [Fact]
    public async Task The_api_s_own_parameter_checks_are_worded_in_russian_and_keep_their_english_detail()
    {
        await using var server = await ApiServer.StartAsync();

        using var plain = await server.Client.GetAsync(Experts + "/ann/items?status=bogus");
        var en = await plain.ProblemAsync(400, "status");
        Assert.Equal("Unknown status 'bogus' (expected active, retracted or all).", en.GetProperty("detail").GetString());
        Assert.Equal("option-value-unknown", en.GetProperty("code").GetString());

        var status = await ProblemAsync(server, Experts + "/ann/items?status=bogus", "ru", 400);
        Assert.Equal("status: неизвестное значение «bogus» (ожидается одно из: active, retracted, all).", status.GetProperty("detail").GetString());
        var limit = await ProblemAsync(server, Experts + "/ann/items?limit=0", "ru", 400);
        Assert.Equal("number-not-between", limit.GetProperty("code").GetString());
        Assert.StartsWith("limit: должно быть от 1 до ", limit.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await ProblemAsync(server, "api/v1/teams/demo/events?after=-1", "ru", 400);
        Assert.Equal("after: должно быть не меньше 0.", after.GetProperty("detail").GetString());
        var cursor = await ProblemAsync(server, "api/v1/teams/demo/events?cursor=zzz", "ru", 400);
        Assert.Equal(("cursor-invalid", "Курсор «zzz» — не курсор этого списка; передайте курсор страницы этого списка (или перейдите по её ссылке `next`)."),
            (cursor.GetProperty("code").GetString(), cursor.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData(null, null, RenderLanguage.En)]
    [InlineData("ru", null, RenderLanguage.Ru)]
    [InlineData("ru-RU,ru;q=0.9", null, RenderLanguage.Ru)]
    [InlineData("en-US,ru;q=0.5", null, RenderLanguage.En)]
    [InlineData("de,ru;q=0.8,en;q=0.3", null, RenderLanguage.Ru)]
    [InlineData("en;q=0.4,ru;q=0.7", null, RenderLanguage.Ru)]
    [InlineData("ru;q=0,en", null, RenderLanguage.En)]
    [InlineData("de,fr", null, RenderLanguage.En)]
    [InlineData("en", "ru", RenderLanguage.Ru)]
    [InlineData("ru", "en", RenderLanguage.En)]
    [InlineData("ru", "de", RenderLanguage.Ru)]
    public void The_language_is_the_query_s_else_the_best_of_ru_and_en_by_q_value_else_english(string? accept, string? lang, RenderLanguage expected)
    {
        var http = new DefaultHttpContext();
        if (accept is not null) http.Request.Headers.AcceptLanguage = accept;
        if (lang is not null) http.Request.QueryString = new QueryString("?lang=" + lang);
        Assert.Equal(expected, ProblemLanguage.Of(http.Request));
    }

    private static async Task<JsonElement> ProblemAsync(ApiServer server, string path, string language, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await server.Client.SendAsync(request);
        return await response.ProblemAsync(status);
    }
}
