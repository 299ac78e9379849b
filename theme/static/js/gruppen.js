/* Gruppen vor Ort: instant filtering by postcode, town or Bundesland.
   Progressive enhancement: without this script the page offers the list of Länder, each linked
   to its own page. The data comes from this site (gruppen.json, written at build time); nothing
   is stored in the browser and nothing is requested from another host. */
(function () {
  "use strict";
  var form = document.querySelector("form.gruppen-suche");
  if (!form || !window.fetch || !("hidden" in form)) return;
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var list = form.querySelector("ul");
  var MAX = 25;
  var data = null;
  var loading = null;

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
          json.gruppen.forEach(function (g) {
            var land = json.laender[g.land].name;
            g.woerter = [fold(g.ort), fold(land), plain(g.ort.toLowerCase()), plain(land.toLowerCase())];
          });
        });
    }
    return loading;
  }

  /* A word of the town or Land starts with the query: "halle" finds "Halle (Saale)",
     "westfalen" finds "Nordrhein-Westfalen"; digits compare with the start of the postcode. */
  function wordStart(words, q) {
    return words.some(function (w) {
      return w.indexOf(q) === 0 || w.indexOf(" " + q) >= 0 || w.indexOf("-" + q) >= 0 || w.indexOf("(" + q) >= 0;
    });
  }

  function matches(g, q) {
    if (/^\d+$/.test(q)) return g.plz.indexOf(q) === 0;
    return wordStart(g.woerter, q);
  }

  function item(parent, text, href) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    parent.appendChild(li);
    return li;
  }

  function render() {
    var q = fold(input.value);
    list.textContent = "";
    if (!q) {
      status.textContent = "";
      return;
    }
    var hits = data.gruppen.filter(function (g) { return matches(g, q); });
    var n = hits.length;
    /* Whole Länder and towns first, each linked to its list: more than MAX groups stay reachable. */
    if (q.length > 2) {
      data.laender.forEach(function (land) {
        if (land.url && wordStart([fold(land.name), plain(land.name.toLowerCase())], q)) {
          item(list, "Alle Gruppen in " + land.name, land.url).className = "gruppen-sammel";
        }
        Object.keys(land.orte).forEach(function (ort) {
          if (wordStart([fold(ort), plain(ort.toLowerCase())], q)) {
            item(list, "Alle Gruppen in " + ort, land.orte[ort]).className = "gruppen-sammel";
          }
        });
      });
    }
    var more = list.children.length
      ? ", die ersten " + MAX + " stehen hier. Alle finden Sie über den Link „Alle Gruppen in …“."
      : ", die ersten " + MAX + " stehen hier. Geben Sie mehr Ziffern der Postleitzahl ein.";
    status.textContent = n === 0
      ? (/^\d+$/.test(q) ? "Keine Gruppe mit dieser Postleitzahl. Versuchen Sie weniger Ziffern"
                           : "Keine Gruppe gefunden. Prüfen Sie die Schreibweise") + " oder wählen Sie unten Ihr Bundesland."
      : (n === 1 ? "1 Gruppe gefunden" : n + " Gruppen gefunden") + (n > MAX ? more : ".");
    hits.slice(0, MAX).forEach(function (g) {
      var li = item(list, g.traeger + ", " + g.plz + " " + g.ort, g.url);
      li.appendChild(document.createElement("br"));
      li.appendChild(document.createTextNode(g.status + " · " + g.wann));
    });
  }

  function fail() {
    list.textContent = "";
    status.textContent = "Die Suche ist gerade nicht verfügbar. Bitte wählen Sie unten Ihr Bundesland.";
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("input", function () { load().then(render, fail); });
})();
