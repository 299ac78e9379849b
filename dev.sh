#!/usr/bin/env bash
# One entry point for people and CI; it installs what is missing, then runs the task.
#
#   ./dev.sh serve   install, build and serve the site on http://localhost:8000
#   ./dev.sh test    install and run the whole test suite (what CI runs)
#   ./dev.sh <task>  any other invoke task after installing (build, livereload, bench, …)
#
# System packages come from apt-get (Debian/Ubuntu; as root or with sudo). Python
# packages go into .venv from the pinned requirements files; a stamp skips reinstalling
# when nothing changed.
set -euo pipefail
cd "$(dirname "$0")"
task="${1:-serve}"
shift || true

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 oder neuer wird gebraucht (gefunden: $("$PYTHON" --version 2>&1))." >&2; exit 1; }

# --- system packages ----------------------------------------------------------------
apt_missing() {
  local pkg missing=()
  for pkg in "$@"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg"); done
  echo "${missing[@]:-}"
}
apt_install() {
  local missing; missing=$(apt_missing "$@")
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Bitte installieren: $missing (bzw. die Entsprechung Ihres Systems, siehe README)." >&2; return 0
  fi
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installiere Systempakete: $missing"
  $sudo apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
system_packages_site="libpango-1.0-0 libpangoft2-1.0-0"
system_packages_test=""
[ -f .ci/system-packages-test ] && system_packages_test=$(grep -v '^#' .ci/system-packages-test | tr '\n' ' ')

if command -v dpkg-query >/dev/null; then
  "$PYTHON" -m venv --help >/dev/null 2>&1 && "$PYTHON" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
  # shellcheck disable=SC2086
  apt_install $system_packages_site
  # shellcheck disable=SC2086
  [ "$task" = test ] && [ -n "$system_packages_test" ] && apt_install $system_packages_test
fi

# --- Python packages ---------------------------------------------------------------
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
req=requirements.txt; [ "$task" = test ] && req=requirements-test.txt
stamp=".deps-stamp-$(cat requirements*.txt constraints.txt | sha256sum | cut -c1-16)-$req"
if [ ! -f ".venv/$stamp" ]; then
  echo "Installiere Python-Pakete aus $req …"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req" -c constraints.txt
  touch ".venv/$stamp"
fi

# --- project-local tools for the browser layer (npm packages), if the project has them ---
if [ "$task" = test ] && [ -f package.json ]; then
  command -v node >/dev/null || apt_install nodejs
  command -v npm >/dev/null || apt_install npm
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --silent
  fi
fi

case "$task" in
  serve) .venv/bin/invoke build && exec .venv/bin/invoke serve ;;
  *) exec .venv/bin/invoke "$task" "$@" ;;
esac
