// KnowledgeOS dashboard: the one script. Pages work without it; with it, the recent-events list follows the
// team's Server-Sent Events feed. Text is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";

  function summary(data) {
    if (!data) return "";
    return data.text || data.title || data.displayName || data.reason || data.label || data.itemId || "";
  }

  function line(list, view) {
    var li = document.createElement("li");
    li.className = "event live";
    li.setAttribute("data-position", String(view.position));
    var time = document.createElement("time");
    time.textContent = String(view.recordedAt).replace("T", " ").slice(0, 19);
    var who = document.createElement("a");
    who.href = list.getAttribute("data-expert-base") + encodeURIComponent(view.expert);
    who.textContent = view.expert;
    var type = document.createElement("span");
    type.className = "type";
    // Named in the page's language, as the server-drawn lines are (data-event-names: stored type → words).
    var shortType = String(view.type).replace(/^v\d+\./, "");
    var names = {};
    try { names = JSON.parse(list.getAttribute("data-event-names") || "{}"); } catch (e) { names = {}; }
    type.textContent = Object.prototype.hasOwnProperty.call(names, shortType) ? names[shortType] : shortType;
    var what = document.createElement("span");
    what.className = "what";
    // Worded in the page's language by the server when the feed was asked with the page's lang (a stored English
    // reason of a promotion, level or revision in the page's words); the stored data's own text otherwise.
    show(what, typeof view.what === "string" && view.what ? view.what : summary(view.data));
    // A confirmation or retraction names only its item: show the item's text, as the server-drawn lines do.
    if (view.data && view.data.itemId && !view.data.text && !view.data.reason) {
      fetch("/api/v1/teams/" + encodeURIComponent(list.getAttribute("data-team")) + "/experts/" + encodeURIComponent(view.expert)
        + "/items/" + encodeURIComponent(view.data.itemId), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (item) { if (item && item.text) show(what, item.text); })
        .catch(function () { });
    }
    li.append(time, " ", who, " ", type, " ", what);
    return li;
  }

  // Text in the other language than the page's carries its own lang (Russian on an English page, English on a Russian
  // one), as the server marks it (Html.Lang): ru when it has more Cyrillic letters than Latin ones, en otherwise.
  function show(element, text) {
    element.textContent = text;
    var cyrillic = (text.match(/[\u0400-\u04FF]/g) || []).length, latin = (text.match(/[A-Za-z]/g) || []).length;
    var own = cyrillic > latin ? "ru" : "en", page = document.documentElement.getAttribute("lang") || "ru";
    if (/\S/.test(text) && own !== page) element.setAttribute("lang", own); else element.removeAttribute("lang");
  }

  function follow(list) {
    if (!window.EventSource) return;
    var max = parseInt(list.getAttribute("data-max") || "30", 10);
    var status = document.getElementById("events-status");
    var source = new EventSource(list.getAttribute("data-stream"));
    list.setAttribute("data-following", "true");
    // The feed sends its headers with its first event or heartbeat, so "open" may come late: an event also says live.
    var live = function (on) {
      // The page's words for the feed's state (data-live-text, data-reconnecting-text).
      if (status) status.textContent = on ? (list.getAttribute("data-live-text") || "live") : (list.getAttribute("data-reconnecting-text") || "reconnecting…");
      list.setAttribute("data-live", on ? "true" : "false");
    };
    var onEvent = function (message) {
      var view;
      try { view = JSON.parse(message.data); } catch (e) { return; }
      live(true);
      if (!view || list.querySelector('[data-position="' + String(view.position) + '"]')) return;
      var empty = list.querySelector(".empty");
      if (empty) empty.remove();
      list.insertBefore(line(list, view), list.firstChild);
      while (list.children.length > max) list.removeChild(list.lastChild);
    };
    // Every event comes unnamed (its type is in the data); heartbeats are named and only say the feed is live.
    source.onmessage = onEvent;
    source.addEventListener("heartbeat", function () { live(true); });
    source.onopen = function () { live(true); };
    source.onerror = function () { live(false); };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("events");
    if (list) follow(list);
  });
})();
