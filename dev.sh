#!/usr/bin/env bash
# One entry point for people and CI; it installs what is missing, then runs the task.
#
#   ./dev.sh serve   install, build and serve the site on http://localhost:8000
#   ./dev.sh edit    install, then the browser editor (/admin/) beside the live preview; Ctrl+C stops both
#   ./dev.sh test    install and run the whole test suite (what CI runs)
#   ./dev.sh <task>  any other invoke task after installing (build, livereload, bench, …)
#
# System packages come from apt-get (Debian/Ubuntu; as root or with sudo), read from the lists
# .ci/system-packages-site (every task) and .ci/system-packages-test (test, screenshots). Python
# packages go into .venv from the pinned requirements files; a stamp skips reinstalling when
# nothing changed. Each install step says so in one line, and apt and pip report their progress
# compactly (one rewritten line on a terminal, a few lines in a log); their full output is shown
# only when they fail.
set -euo pipefail
cd "$(dirname "$0")"
task="${1:-serve}"
shift || true
case "$task" in test | screenshots) tools="test" ;; edit | normalize) tools="edit" ;; *) tools="site" ;; esac
if [ -t 1 ]; then terminal=1; else terminal=0; fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 oder neuer wird gebraucht (gefunden: $("$PYTHON" --version 2>&1))." >&2; exit 1; }

# --- progress -------------------------------------------------------------------------
# progress apt|pip LOG: reads apt's status lines (APT::Status-Fd) or pip's output, prints the
# progress and writes every other line to LOG.
progress() {
  awk -v mode="$1" -v logfile="$2" -v tty="$terminal" '
    function show(text) {
      if (tty) { printf "\r\033[K  %s", text; open = 1 } else print "  " text
      fflush()
    }
    function done_line() { if (open) { printf "\n"; open = 0; fflush() } }
    # apt: a percentage per phase; a log gets a line when a phase starts, at half-time and at its end.
    # apt never reports 100 %: a phase is complete when the next one starts, or at the end without
    # an error from dpkg.
    function end_phase(final) {
      if (final != "") pct_now = final
      if (current != "" && shown != pct_now) show(current " " pct_now " %")
      done_line()
    }
    function step(phase, pct) {
      if (phase != current) { end_phase(current == "" ? "" : 100); current = phase; mark = 0 }
      pct_now = int(pct)
      if (tty || pct_now >= mark) {
        show(phase " " pct_now " %"); shown = pct_now
        while (mark <= pct_now) mark += 50
      }
    }
    mode == "apt" && /^dlstatus:/ { split($0, f, ":"); step("Herunterladen", f[3]); next }
    mode == "apt" && /^pmstatus:/ { split($0, f, ":"); step("Einrichten", f[3]); next }
    mode == "apt" && /^pmerror:/ { dpkg_failed = 1 }
    # pip: a count of the packages it has fetched or found installed; a log gets a line at every tenth.
    mode == "pip" && /^(Collecting|Requirement already satisfied:) / {
      name = ($1 == "Collecting") ? $2 : $4
      sub(/[=<>!~; (\[].*/, "", name)
      n++
      if (tty || n % 10 == 0) show(n " Pakete geladen (" name ")")
      next
    }
    mode == "pip" && /^Installing collected packages:/ {
      k = split(substr($0, index($0, ":") + 2), names, ", ")
      if (!tty && n % 10) show(n " Pakete geladen")
      done_line(); show("Installiere " k " Pakete …"); done_line()
      next
    }
    { print >> logfile }
    END { end_phase(current == "Einrichten" && !dpkg_failed ? 100 : "") }'
}

# fail_with_log LOG WHAT: the tool failed; show the end of its output.
fail_with_log() {
  echo "$2 ist fehlgeschlagen; die letzten Zeilen der Ausgabe:" >&2
  tail -n 25 "$1" >&2
  rm -f "$1"
  exit 1
}

# --- system packages ------------------------------------------------------------------
# packages_missing FILE…: the packages of the lists that are not installed yet. A line is a package,
# optionally followed by a command: then the package is wanted only where that command is missing.
packages_missing() {
  local file pkg cmd missing=()
  for file in "$@"; do
    while read -r pkg cmd _; do
      [ -n "$pkg" ] || continue
      if [ -n "$cmd" ]; then
        command -v "$cmd" >/dev/null && continue
      else
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" && continue
      fi
      missing+=("$pkg")
    done < <(sed 's/#.*//' "$file")
  done
  echo "${missing[@]:-}"
}

apt_install() {  # PACKAGE…
  [ $# -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null; then
    echo "Bitte installieren: $* (bzw. die Entsprechung Ihres Systems, siehe README)." >&2; return 0
  fi
  local sudo="" log
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installiere Systempakete: $*"
  log=$(mktemp)
  echo "  Lade die Paketlisten …"
  $sudo apt-get update -q >"$log" 2>&1 || fail_with_log "$log" "apt-get update"
  # apt's status lines go to fd 3 and on to progress, its own and dpkg's output into the log. (With
  # APT::Status-Fd=1, apt 3.0 breaks the output of maintainer scripts: printf: I/O error.) The
  # redirections happen inside sudo, which closes every descriptor above 2.
  # shellcheck disable=SC2016  # $1 and $@ are the inner shell's
  $sudo env DEBIAN_FRONTEND=noninteractive sh -c \
    'log=$1; shift; exec apt-get install -y -q --no-install-recommends -o APT::Status-Fd=3 "$@" 3>&1 >>"$log" 2>&1' \
    sh "$log" "$@" | progress apt "$log" || fail_with_log "$log" "apt-get install"
  rm -f "$log"
}

if command -v dpkg-query >/dev/null; then
  wanted=(.ci/system-packages-site)
  [ "$tools" = test ] && wanted+=(.ci/system-packages-test)
  [ "$tools" = edit ] && wanted+=(.ci/system-packages-edit)
  venv=""
  "$PYTHON" -m venv --help >/dev/null 2>&1 && "$PYTHON" -c 'import ensurepip' 2>/dev/null || venv=python3-venv
  # shellcheck disable=SC2046  # one word per package
  apt_install $venv $(packages_missing "${wanted[@]}")
else
  echo "Hinweis: Ohne apt-get installiert dev.sh keine Systempakete; welche nötig sind, steht in der README" \
    "(macOS: brew install pango)."
fi

# --- Python packages ------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  echo "Lege die Python-Umgebung .venv an …"
  "$PYTHON" -m venv .venv
fi
req=requirements.txt; [ "$tools" = test ] && req=requirements-test.txt
stamp=".deps-stamp-$(cat requirements*.txt constraints.txt | sha256sum | cut -c1-16)-$req"
if [ ! -f ".venv/$stamp" ]; then
  echo "Installiere Python-Pakete aus $req …"
  log=$(mktemp)
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r "$req" -c constraints.txt \
    2>&1 | progress pip "$log" || fail_with_log "$log" "pip install"
  rm -f "$log"
  touch ".venv/$stamp"
fi

# --- project-local tools for the tests and the browser editor (npm packages) ------------
if { [ "$tools" = test ] || [ "$tools" = edit ]; } && [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    echo "Installiere Werkzeuge für Tests und Browser-Editor (npm) …"
    npm ci --no-audit --no-fund --loglevel=error | sed -e '/^$/d' -e 's/^/  /'
  fi
  # Decap CMS itself: only its bundle, pinned with its checksum (theme/admin/decap-cms.json).
  node theme/admin/install-decap.mjs
fi

case "$task" in
  serve) echo "Baue die Website …"; .venv/bin/invoke build && exec .venv/bin/invoke serve ;;
  *) exec .venv/bin/invoke "$task" "$@" ;;
esac
