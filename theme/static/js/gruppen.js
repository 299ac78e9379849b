/* Gruppen vor Ort: instant search by postcode, town or Bundesland; without it the page's links lead on.
   Data from this site only (gruppen.json, with the build's answer for every German postcode); nothing
   stored. Open groups first, then later starts, running last. Texts: data-texte (data/sprachen/de.yml). */
(function () {
  "use strict";
  var form = document.querySelector("form.gruppen-suche");
  if (!form || !window.fetch || !("hidden" in form)) return;
  var T = JSON.parse(form.getAttribute("data-texte"));
  var lang = form.getAttribute("data-sprache");
  var german = lang === "de";
  var languageNames = {};  // German name → in the page's language
  JSON.parse(form.getAttribute("data-sprachnamen") || "[]").forEach(function (p) { languageNames[p[0]] = p[1]; });
  var input = form.querySelector("input[type=search]");
  var only = form.querySelector("#gruppen-nur-sprache");  // translated pages: only groups in this language
  var status = form.querySelector("[role=status]");
  var list = form.querySelector("ul.gruppen-treffer");
  var more = form.querySelector("button.gruppen-alle");
  var contact = form.querySelector(".gruppen-kontakt");
  var mail = form.querySelector("a.gruppen-mail");
  var MAX = 25;
  var data = null;
  var loading = null;
  var pool = [];  // the groups a search looks at: all, or those that speak the chosen language
  var pending = [];  // the groups not shown yet, for the "show all" button
  var said = "", shownNote, allNote;  // the status, and its part "shown: 25 of 40" and what replaces it

  var plurals = new Intl.PluralRules(lang);
  var lists = Intl.ListFormat && new Intl.ListFormat(lang, { type: "conjunction" });
  /* In UTC (no time zone moves the day), Gregorian, digits 0–9. */
  function format(options) {
    options.timeZone = "UTC";
    return new Intl.DateTimeFormat(lang + "-u-ca-gregory-nu-latn", options).format;
  }
  var date = format({ weekday: "short", day: "numeric", month: "long", year: "numeric" });
  var weekday = format({ weekday: "long" });
  var clock = format({ hour: "numeric", minute: "2-digit" });

  /* A text with its {slots} filled. */
  function say(key, values) {
    return T[key].replace(/\{(\w+)\}/g, function (slot, name) {
      return values && values[name] !== undefined ? values[name] : slot;
    });
  }
  /* The plural form for n: key_one, _two, _few, _many, _other. */
  function count(key, n) {
    var cat = plurals.select(n);
    return say(key + "_" + (cat === "zero" ? "other" : cat), { n: n });
  }
  /* Postcodes and phone numbers stay left to right: marked here, a <bdi dir="ltr"> on the page. */
  function ltr(text) {
    return "\u2066" + text + "\u2069";
  }
  function add(el, text) {
    text.split(/[\u2066\u2069]/).forEach(function (part, i) {
      if (i % 2) {
        var b = document.createElement("bdi");
        b.dir = "ltr";
        b.textContent = part;
        el.appendChild(b);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }
  function joined(words) {
    return lists ? lists.format(words) : words.join(", ");
  }

  /* "Gütersloh" is found as "gütersloh", "guetersloh" and "gutersloh". */
  function plain(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }
  function fold(text) {
    return plain(text.toLowerCase()
      .replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss"));
  }

  function load() {
    if (!loading) {
      // Only the path: the data is always fetched from the host that served this page.
      var source = new URL(form.getAttribute("data-quelle"), window.location.href).pathname;
      loading = fetch(source, { credentials: "omit" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (json) {
          data = json;
          json.gruppen.forEach(function (g, i) {
            var ort = json.orte[g.ort];
            var land = json.laender[ort.land].name;
            g.nr = i;
            g.ortName = ort.name;
            g.woerter = [fold(ort.name), fold(land), plain(ort.name.toLowerCase()), plain(land.toLowerCase())];
          });
          if (json.plz) {  // run starts are stored as differences
            var start = 0;
            json.plz.start = json.plz.von.map(function (d) { start += d; return start; });
          }
        });
    }
    return loading;
  }

  /* A word of the town or Land starts with the query: "halle" finds "Halle (Saale)",
     "westfalen" finds "Nordrhein-Westfalen". */
  function wordStart(words, q) {
    return words.some(function (w) {
      return w.indexOf(q) === 0 || w.indexOf(" " + q) >= 0 || w.indexOf("-" + q) >= 0 || w.indexOf("(" + q) >= 0;
    });
  }

  /* The build's answer for a five-digit postcode: null (no table), -1 (no such postcode) or a list of
     [town, 0 = its own town | 1 = near], nearest first. */
  function answer(plz) {
    var table = data.plz;
    if (!table) return null;
    var n = parseInt(plz, 10), lo = 0, hi = table.start.length - 1;
    while (lo < hi) {  // the last run that starts at or before n
      var mid = (lo + hi + 1) >> 1;
      if (table.start[mid] <= n) lo = mid; else hi = mid - 1;
    }
    var index = table.antwort[lo];
    return index < 0 ? -1 : table.antworten[index];
  }

  /* Open first, then later starts, running last; otherwise the order given (town, then first session). */
  function byRank(groups, townOrder) {
    return groups.slice().sort(function (a, b) {
      return a.rang - b.rang || (townOrder ? townOrder[a.ort] - townOrder[b.ort] : 0) || a.nr - b.nr;
    });
  }

  function link(parent, text, href, className) {
    var a = document.createElement("a");
    a.href = href;
    add(a, text);
    if (className) a.className = className;
    parent.appendChild(a);
    return a;
  }

  function collection(name, url) {
    var li = document.createElement("li");
    li.className = "gruppen-sammel";
    link(li, say("alle_in", { ort: name }), url);
    list.appendChild(li);
  }
  function townLink(ort) {
    collection(data.orte[ort].name, data.orte[ort].url);
  }

  function line(parent, text) {
    parent.appendChild(document.createElement("br"));
    add(parent, text);
  }

  function time(hhmm) {
    return clock(new Date("2000-01-01T" + hhmm + "Z"));
  }

  /* German: the build's texts; translations: in their language. */
  function when(g) {
    if (german) return say("zeile_zeit", { beginn: g.beginn, wann: g.wann });
    var start = new Date(g.datum + "T00:00Z");
    return say("zeile_zeit", {
      beginn: say(g.datum >= data.heute ? "beginn" : "begonnen", { datum: date(start) }),
      wann: say("wann", { tag: weekday(start), von: time(g.zeit[0]), bis: time(g.zeit[1]) })
    });
  }

  function spoken(g) {
    var names = german ? g.sprachen.join(", ") : joined(g.sprachen.map(function (n) { return languageNames[n] || n; }));
    return say(g.sprachen.length > 1 ? "sprachen" : "sprache", { sprachen: names });
  }

  function result(g) {
    var li = document.createElement("li");
    li.className = "gruppen-ergebnis";
    var a = link(li, g.traeger + ", " + ltr(g.plz) + " " + g.ortName, g.url);
    if (!german) a.lang = "de";  // provider and town as they are written
    var state = document.createElement("span");
    state.className = "gruppen-ergebnis-status gr-" + g.rang;
    state.textContent = say("status_" + g.status.replace(/-/g, "_"));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(state);
    if (g.online) line(li, say("online"));
    line(li, when(g));
    line(li, say("zeile_info", { kinder: say(g.kinder ? "kinder_ja" : "kinder_nein"), sprachen: spoken(g) }));
    if (g.tel) {
      li.appendChild(document.createElement("br"));
      link(li, say("anrufen", { telefon: ltr(g.telefon) }), g.tel, "gruppen-anruf");
    }
    list.appendChild(li);
  }

  /* Only where it is true: some groups take registrations and some do not. */
  function openFirst(groups) {
    var open = groups.filter(function (g) { return g.rang === 0; }).length;
    return say(open && open < groups.length ? "zuerst_offen" : "satzende");
  }

  function groupsText(n) {
    return count("gruppen", n);
  }

  /* Shows up to MAX groups; the rest behind a button that says how many there are. */
  function show(groups) {
    groups.slice(0, MAX).forEach(result);
    pending = groups.slice(MAX);
    more.hidden = pending.length === 0;
    if (pending.length) more.textContent = say("alle_zeigen", { n: groups.length });
    if (groups.length <= MAX) return "";
    allNote = " " + say("alle_stehen", { n: groups.length });
    return (shownNote = " " + say("angezeigt", { max: MAX, n: groups.length }));
  }

  function report(text) {
    said = text && only && only.checked ? text + " " + only.getAttribute("data-hinweis") : text;
    draw();
  }
  function draw() {
    status.textContent = "";
    add(status, said);
  }

  /* Nothing near: groups that meet online and take registrations, then the wir2 team. */
  function offerContact(plz, first) {
    var online = pool.filter(function (g) { return g.online && g.rang === 0; });
    report(first + (online.length ? " " + count("online_offen", online.length) + show(online) : ""));
    contact.hidden = false;
    var subject = plz ? say("mail_betreff_plz", { plz: plz }) : say("mail_betreff");
    var body = say("mail_anrede") + "\n\n" + (plz ? say("mail_text_plz", { plz: plz }) : say("mail_text")) +
      "\n\n" + say("mail_gruss") + "\n";
    // A URL built from encoded parts and set as a property: nothing typed becomes markup.
    mail.href = "mailto:" + mail.getAttribute("data-adresse") +
      "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }

  function names(towns) {
    return joined(towns.map(function (t) { return data.orte[t].name; }));
  }

  function searchPostcode(plz) {
    var found = answer(plz);
    var exact = pool.filter(function (g) { return g.plz === plz; });
    if (found === null || found === -1) {
      if (exact.length) {  // a postcode newer than the table, or no table: the groups that have it
        report(say("mit_plz", { gruppen: groupsText(exact.length), plz: ltr(plz) }) + show(byRank(exact)));
        return;
      }
      offerContact(plz, say(found === -1 ? "plz_gibt_es_nicht" : "plz_keine", { plz: ltr(plz) }));
      return;
    }
    function inTowns(towns) {
      return pool.filter(function (g) { return towns.indexOf(g.ort) >= 0; });
    }
    function withGroups(t) { return inTowns([t]).length > 0; }  // not so with the language filter
    var own = found.filter(function (s) { return s[1] === 0; }).map(function (s) { return s[0]; }).filter(withGroups);
    var near = found.filter(function (s) { return s[1] === 1; }).map(function (s) { return s[0]; }).filter(withGroups);
    var order = {};
    own.concat(near).forEach(function (t, i) { order[t] = i; });
    var here = inTowns(own);
    var open = here.some(function (g) { return g.rang === 0; });
    if (here.length) {
      // Near towns join the results when no group of the own town takes registrations.
      var shown = open ? here : here.concat(inTowns(near));
      own.forEach(townLink);
      if (!open) near.forEach(townLink);
      report(say("in_orten", { gruppen: groupsText(here.length), orte: names(own) }) +
        (open ? openFirst(here) : near.length ? say("keine_offen_nah", { orte: names(near) }) : say("satzende")) +
        show(byRank(shown, order)));
      return;
    }
    if (near.length) {
      near.forEach(townLink);
      var nearby = inTowns(near);
      report(say("nah", { plz: ltr(plz), km: data.plz.nah_km, gruppen: groupsText(nearby.length), orte: names(near) }) +
        openFirst(nearby) + show(byRank(nearby, order)));
      return;
    }
    offerContact(plz, say("umkreis_keine", { km: data.plz.nah_km, plz: ltr(plz) }));
  }

  function searchDigits(q) {
    var hits = pool.filter(function (g) { return g.plz.indexOf(q) === 0; });
    var towns = [];
    hits.forEach(function (g) { if (towns.indexOf(g.ort) < 0) towns.push(g.ort); });
    towns.forEach(townLink);
    var hint = data.plz ? " " + say("fuenf_ziffern") : "";
    report(hits.length === 0 ? say("anfang_keine", { anfang: ltr(q) }) + hint
      : say("anfang", { gruppen: groupsText(hits.length), anfang: ltr(q) }) + openFirst(hits) + show(byRank(hits)) + hint);
  }

  function searchWords(q) {
    var hits = pool.filter(function (g) { return wordStart(g.woerter, q); });
    /* Whole Länder and towns first, each linked to its list. */
    if (q.length > 2) {
      data.laender.forEach(function (land) {
        if (land.url && wordStart([fold(land.name), plain(land.name.toLowerCase())], q)) collection(land.name, land.url);
      });
      data.orte.forEach(function (ort, i) {
        if (wordStart([fold(ort.name), plain(ort.name.toLowerCase())], q)) townLink(i);
      });
    }
    report(hits.length === 0 ? say("wort_keine")
      : say("gefunden", { gruppen: groupsText(hits.length) }) + openFirst(hits) + show(byRank(hits)));
  }

  function render() {
    var typed = input.value.trim();
    var q = fold(typed);
    list.textContent = "";
    more.hidden = true;
    contact.hidden = true;
    pending = [];
    var speaks = only && only.checked ? only.getAttribute("data-sprache") : null;
    pool = speaks ? data.gruppen.filter(function (g) { return g.sprachen.indexOf(speaks) >= 0; }) : data.gruppen;
    if (!q) {
      report("");
      return;
    }
    var digits = q.replace(/\s/g, "");
    if (/^\d+$/.test(digits)) {
      if (digits.length === 5) searchPostcode(digits);
      else if (digits.length > 5) report(say("zu_lang"));
      else searchDigits(digits);
    } else {
      searchWords(q);
    }
  }

  function fail() {
    list.textContent = "";
    report(say("fehler"));
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", function () { load().then(render, fail); });
  if (only) only.addEventListener("change", function () { load().then(render, fail); });
  more.addEventListener("click", function () {
    var next = list.querySelectorAll("li.gruppen-ergebnis").length;
    pending.forEach(result);
    pending = [];
    more.hidden = true;
    said = said.replace(shownNote, allNote);
    draw();
    var first = list.querySelectorAll("li.gruppen-ergebnis a")[next];
    if (first) first.focus();  // keyboard and screen reader users land on the first new result
  });
})();
