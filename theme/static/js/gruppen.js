/* Gruppen vor Ort: instant search by postcode, town or Bundesland.
   Progressive enhancement: without this script the page offers the list of Länder, each linked
   to its own page. The data comes from this site (gruppen.json, written at build time, with the
   answer for every German postcode worked out by the build); nothing is stored in the browser
   and nothing is requested from another host. Results come open groups first, then groups that
   start later, running groups last. */
(function () {
  "use strict";
  var form = document.querySelector("form.gruppen-suche");
  if (!form || !window.fetch || !("hidden" in form)) return;
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var list = form.querySelector("ul.gruppen-treffer");
  var more = form.querySelector("button.gruppen-alle");
  var contact = form.querySelector(".gruppen-kontakt");
  var mail = form.querySelector("a.gruppen-mail");
  var MAX = 25;
  var data = null;
  var loading = null;
  var pending = [];  // the groups not shown yet, for the "show all" button

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
    a.textContent = text;
    if (className) a.className = className;
    parent.appendChild(a);
    return a;
  }

  function townLink(ort) {
    var li = document.createElement("li");
    li.className = "gruppen-sammel";
    link(li, "Alle Gruppen in " + data.orte[ort].name, data.orte[ort].url);
    list.appendChild(li);
  }

  function line(parent, text) {
    parent.appendChild(document.createElement("br"));
    parent.appendChild(document.createTextNode(text));
  }

  function result(g) {
    var li = document.createElement("li");
    li.className = "gruppen-ergebnis";
    link(li, g.traeger + ", " + g.plz + " " + g.ortName, g.url);
    var state = document.createElement("span");
    state.className = "gruppen-ergebnis-status gr-" + g.rang;
    state.textContent = g.status;
    li.appendChild(document.createTextNode(" "));
    li.appendChild(state);
    if (g.online) line(li, "Trifft sich online");
    line(li, g.beginn + ", " + g.wann);
    line(li, "Kinderbetreuung: " + (g.kinder ? "ja" : "nein") + " · Sprache" +
      (g.sprachen.indexOf(",") >= 0 ? "n: " : ": ") + g.sprachen);
    if (g.tel) {
      li.appendChild(document.createElement("br"));
      link(li, "Anrufen: " + g.telefon, g.tel, "gruppen-anruf");
    }
    list.appendChild(li);
  }

  /* Only where it is true: some groups take registrations and some do not. */
  function openFirst(groups) {
    var open = groups.filter(function (g) { return g.rang === 0; }).length;
    return open && open < groups.length ? ", zuerst die mit offener Anmeldung." : ".";
  }

  function groupsText(n) {
    return n === 1 ? "1 Gruppe" : n + " Gruppen";
  }

  /* Shows up to MAX groups; the rest behind a button that says how many there are. */
  function show(groups) {
    groups.slice(0, MAX).forEach(result);
    pending = groups.slice(MAX);
    more.hidden = pending.length === 0;
    if (pending.length) more.textContent = "Alle " + groups.length + " zeigen";
    return groups.length > MAX ? " Angezeigt: " + MAX + " von " + groups.length + "." : "";
  }

  /* Nothing near: groups that meet online and take registrations, then the wir2 team. */
  function offerContact(plz) {
    var online = data.gruppen.filter(function (g) { return g.online && g.rang === 0; });
    if (online.length) {
      status.textContent += " " + (online.length === 1 ? "Eine Gruppe trifft sich online und nimmt Anmeldungen an:"
        : online.length + " Gruppen treffen sich online und nehmen Anmeldungen an:") + show(online);
    }
    contact.hidden = false;
    var subject = plz ? "Ich suche eine Gruppe in PLZ " + plz : "Ich suche eine wir2-Gruppe";
    var body = "Guten Tag,\n\nich suche eine wir2-Gruppe" +
      (plz ? " in der Nähe der Postleitzahl " + plz : "") +
      ". Gibt es dort eine Gruppe, oder beginnt bald eine?\n\nViele Grüße\n";
    // A URL built from encoded parts and set as a property: nothing typed becomes markup.
    mail.href = "mailto:" + mail.getAttribute("data-adresse") +
      "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }

  function names(towns) {
    var words = towns.map(function (t) { return data.orte[t].name; });
    return words.length > 1 ? words.slice(0, -1).join(", ") + " und " + words[words.length - 1] : words[0];
  }

  function searchPostcode(plz) {
    var found = answer(plz);
    var exact = data.gruppen.filter(function (g) { return g.plz === plz; });
    if (found === null || found === -1) {
      if (exact.length) {  // a postcode newer than the table, or no table: the groups that have it
        status.textContent = groupsText(exact.length) + " mit der Postleitzahl " + plz + "." + show(byRank(exact));
        return;
      }
      status.textContent = found === -1
        ? "Die Postleitzahl " + plz + " gibt es nicht. Bitte prüfen Sie die Ziffern."
        : "Keine Gruppe mit der Postleitzahl " + plz + ". Wählen Sie unten Ihr Bundesland.";
      offerContact(plz);
      return;
    }
    var own = found.filter(function (s) { return s[1] === 0; }).map(function (s) { return s[0]; });
    var near = found.filter(function (s) { return s[1] === 1; }).map(function (s) { return s[0]; });
    var order = {};
    own.concat(near).forEach(function (t, i) { order[t] = i; });
    function inTowns(towns) {
      return data.gruppen.filter(function (g) { return towns.indexOf(g.ort) >= 0; });
    }
    var here = inTowns(own);
    var open = here.some(function (g) { return g.rang === 0; });
    if (here.length) {
      // Near towns join the results when no group of the own town takes registrations.
      var shown = open ? here : here.concat(inTowns(near));
      own.forEach(townLink);
      if (!open) near.forEach(townLink);
      status.textContent = groupsText(here.length) + " in " + names(own) +
        (open ? openFirst(here) :
          near.length ? "; keine nimmt gerade Anmeldungen an. Dazu Gruppen in der Nähe: " + names(near) + "." : ".") +
        show(byRank(shown, order));
      return;
    }
    if (near.length) {
      near.forEach(townLink);
      var nearby = inTowns(near);
      status.textContent = "Am Ort der Postleitzahl " + plz + " gibt es noch keine Gruppe. In der Nähe (bis etwa " +
        data.plz.nah_km + " km): " + groupsText(nearby.length) + " in " + names(near) +
        openFirst(nearby) + show(byRank(nearby, order));
      return;
    }
    status.textContent = "Im Umkreis von etwa " + data.plz.nah_km + " km um die Postleitzahl " + plz +
      " ist noch keine Gruppe eingetragen.";
    offerContact(plz);
  }

  function searchDigits(q) {
    var hits = data.gruppen.filter(function (g) { return g.plz.indexOf(q) === 0; });
    var towns = [];
    hits.forEach(function (g) { if (towns.indexOf(g.ort) < 0) towns.push(g.ort); });
    towns.forEach(townLink);
    var hint = data.plz ? " Mit allen fünf Ziffern finden Sie auch Gruppen in der Nähe." : "";
    status.textContent = hits.length === 0
      ? "Keine Gruppe mit einer Postleitzahl, die mit " + q + " beginnt." + hint
      : groupsText(hits.length) + " mit einer Postleitzahl, die mit " + q + " beginnt" + openFirst(hits) + show(byRank(hits)) + hint;
  }

  function searchWords(q) {
    var hits = data.gruppen.filter(function (g) { return wordStart(g.woerter, q); });
    /* Whole Länder and towns first, each linked to its list. */
    if (q.length > 2) {
      data.laender.forEach(function (land) {
        if (land.url && wordStart([fold(land.name), plain(land.name.toLowerCase())], q)) {
          var li = document.createElement("li");
          li.className = "gruppen-sammel";
          link(li, "Alle Gruppen in " + land.name, land.url);
          list.appendChild(li);
        }
      });
      data.orte.forEach(function (ort, i) {
        if (wordStart([fold(ort.name), plain(ort.name.toLowerCase())], q)) townLink(i);
      });
    }
    status.textContent = hits.length === 0
      ? "Keine Gruppe gefunden. Prüfen Sie die Schreibweise, geben Sie Ihre Postleitzahl ein oder wählen Sie unten Ihr Bundesland."
      : groupsText(hits.length) + " gefunden" + openFirst(hits) + show(byRank(hits));
  }

  function render() {
    var typed = input.value.trim();
    var q = fold(typed);
    list.textContent = "";
    more.hidden = true;
    contact.hidden = true;
    pending = [];
    if (!q) {
      status.textContent = "";
      return;
    }
    var digits = q.replace(/\s/g, "");
    if (/^\d+$/.test(digits)) {
      if (digits.length === 5) searchPostcode(digits);
      else if (digits.length > 5) status.textContent = "Eine Postleitzahl hat fünf Ziffern. Bitte prüfen Sie die Eingabe.";
      else searchDigits(digits);
    } else {
      searchWords(q);
    }
  }

  function fail() {
    list.textContent = "";
    status.textContent = "Die Suche ist gerade nicht verfügbar. Bitte wählen Sie unten Ihr Bundesland.";
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", function () { load().then(render, fail); });
  more.addEventListener("click", function () {
    var next = list.querySelectorAll("li.gruppen-ergebnis").length;
    pending.forEach(result);
    pending = [];
    more.hidden = true;
    status.textContent = status.textContent.replace(/ Angezeigt: \d+ von (\d+)\./, " Alle $1 stehen hier.");
    var first = list.querySelectorAll("li.gruppen-ergebnis a")[next];
    if (first) first.focus();  // keyboard and screen reader users land on the first new result
  });
})();
