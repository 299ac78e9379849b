/* Preview only (wir2.preview serves this file as /__vorschau/neu-laden.js and adds it to every page it
   serves; it is never part of the built site). Reloads the page once a new build has finished: after a
   fix the site comes back by itself, after a save the new content appears, after a failed build the
   page turns into the list of errors.
   The page's <script> element carries the build it shows (data-build) and the preview run that served
   it (data-run), so a build that finishes between serving the page and the first poll is not missed,
   and a restarted preview reloads open pages too. An external file, not an inline script: the site's
   Content-Security-Policy (script-src 'self' through default-src) holds in the preview as well. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var build = script.getAttribute("data-build");
  var run = script.getAttribute("data-run");
  var status = new URL("stand", script.src).pathname;

  function poll(delay) {
    window.setTimeout(check, delay);
  }

  function check() {
    fetch(status, { cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        if (String(state.build) !== build || state.run !== run) {
          window.location.reload();
        } else {
          poll(1000);
        }
      }, function () {
        poll(2000); /* the preview is not running (stopped or restarting): keep asking, quietly */
      });
  }

  poll(1000);
})();
