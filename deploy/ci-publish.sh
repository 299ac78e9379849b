#!/bin/sh
# Publishes the site from CI (.gitlab-ci.yml, .github/workflows/site.yml): ./dev.sh publish, whose
# rsync reaches the server over SSH with a key and the server's host key from CI variables, written
# to a private temporary folder and removed afterwards. German instructions:
# deploy/LIESMICH-veroeffentlichen.md.
#
#   WIR2_PUBLISH_TARGET    where rsync copies the site, e.g. deploy@server:/var/www/wir2/
#   WIR2_SSH_PRIVATE_KEY   the private key without passphrase: its text, or the path of a file that
#                          holds it (GitLab's variables of type "File")
#   WIR2_SSH_KNOWN_HOSTS   the server's host key line(s), as in ~/.ssh/known_hosts; ssh accepts no other
#
# ssh reads ~ from the password database, not $HOME (GitHub's containers set HOME=/github/home), so
# every path is passed explicitly with -F.
set -eu
cd "$(dirname "$0")/.."

missing=""
for name in WIR2_PUBLISH_TARGET WIR2_SSH_PRIVATE_KEY WIR2_SSH_KNOWN_HOSTS; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "Veröffentlichen nicht möglich: Es fehlen die CI-Variablen$missing (siehe deploy/LIESMICH-veroeffentlichen.md)." >&2
  exit 2
fi

umask 077
ssh_dir=$(mktemp -d)
trap 'rm -rf "$ssh_dir"' EXIT
if [ -f "$WIR2_SSH_PRIVATE_KEY" ]; then key=$(cat "$WIR2_SSH_PRIVATE_KEY"); else key=$WIR2_SSH_PRIVATE_KEY; fi
# Pasted into a web form, a key may have lost its last line break or gained CRs: without CRs, and
# with exactly one line break at the end ($(…) drops the trailing ones).
key=$(printf '%s' "$key" | tr -d '\r')
hosts=$(printf '%s' "$WIR2_SSH_KNOWN_HOSTS" | tr -d '\r')
printf '%s\n' "$key" >"$ssh_dir/key"
printf '%s\n' "$hosts" >"$ssh_dir/known_hosts"
cat >"$ssh_dir/config" <<EOF
Host *
  IdentityFile $ssh_dir/key
  IdentitiesOnly yes
  UserKnownHostsFile $ssh_dir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
EOF
RSYNC_RSH="ssh -F $ssh_dir/config"
export RSYNC_RSH
./dev.sh publish
