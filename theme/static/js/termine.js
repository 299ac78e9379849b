/* Termine abonnieren: a „Kopieren“ button beside each feed's https address.
   Progressive enhancement: without this script the address stands in a read-only field to select
   and copy by hand, and the buttons stay hidden. Nothing is stored and nothing is requested. */
(function () {
  "use strict";
  var items = document.querySelectorAll(".abos .abo");
  if (!items.length || !("hidden" in items[0])) return;
  var lines = [];

  /* One message at a time: the line of the feed just copied speaks, the others fall silent.
     The text is set a moment after clearing, so a second click on the same button is announced
     again (a live region stays quiet when its text does not change). */
  function say(line, text) {
    lines.forEach(function (l) { l.textContent = ""; });
    window.setTimeout(function () { line.textContent = text; }, 100);
  }

  /* Without the Clipboard API (an old browser, a page not served over https) or when the browser
     refuses, the address is selected for the keyboard's copy. */
  function selectField(field, line) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
    say(line, "Adresse markiert – mit Strg+C kopieren");
  }

  Array.prototype.forEach.call(items, function (item) {
    var field = item.querySelector("input.abo-adresse");
    var button = item.querySelector("button.abo-kopieren");
    var line = item.querySelector(".abo-meldung");
    if (!field || !button || !line) return;
    lines.push(line);
    button.hidden = false;
    button.addEventListener("click", function () {
      var clipboard = navigator.clipboard;
      if (!clipboard || typeof clipboard.writeText !== "function") {
        selectField(field, line);
        return;
      }
      clipboard.writeText(field.value).then(
        function () { say(line, "Adresse kopiert"); },
        function () { selectField(field, line); });
    });
  });
})();
