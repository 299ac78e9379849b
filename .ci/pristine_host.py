"""Host-side helpers of .ci/pristine (run with the host's python3; standard library only).

    python3 .ci/pristine_host.py mirrors SUITE      sources lines for mmdebstrap, from this host's apt sources
    python3 .ci/pristine_host.py pip ROOT HOME      copy pip's settings into ROOT; print PIP_*/proxy variables
    python3 .ci/pristine_host.py answers PORT       exit 0 if http://127.0.0.1:PORT/ serves the home page
"""

from __future__ import annotations

import configparser
import glob
import os
import re
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlparse


def mirrors(suite: str) -> None:
    """The host's Debian and Debian-security mirrors with SUITE, SUITE-updates and SUITE-security.

    Prints nothing when the host has no Debian mirror for its own release: mmdebstrap then uses its
    default (deb.debian.org with updates and security).
    """
    codename = "stable"
    for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
        if line.startswith("VERSION_CODENAME="):
            codename = line.split("=", 1)[1].strip().strip('"') or codename
    entries = []  # (uri, suite) of every `deb` source
    for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            continue
        for line in text.splitlines():
            m = re.match(r"\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line.split("#", 1)[0])
            if m:
                entries.append((m[1], m[2]))
    for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        for stanza in re.split(r"\n[ \t]*\n", Path(path).read_text(encoding="utf-8")):
            fields, key = {}, None
            for line in stanza.splitlines():
                if line.startswith("#"):
                    continue
                if line[:1] in (" ", "\t") and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, _, value = line.partition(":")
                    key = key.strip().lower()
                    fields[key] = value.strip()
            if "deb" not in fields.get("types", "").split() or fields.get("enabled", "yes").lower() == "no":
                continue
            entries += [(uri, name) for uri in fields.get("uris", "").split()
                        for name in fields.get("suites", "").split()]
    releases = (codename, "stable")
    main = next((uri for uri, name in entries
                 if name in releases or name in [r + "-updates" for r in releases]), None)
    security = next((uri for uri, name in entries
                     if name in [r + "-security" for r in releases] or name == codename + "/updates"), None)
    if main:
        print(f"deb {main} {suite} main")
        print(f"deb {main} {suite}-updates main")
        # No security mirror of its own: mmdebstrap's default one.
        print(f"deb {security or 'http://deb.debian.org/debian-security'} {suite}-security main")


def keep(root: Path, value: str, what: str) -> str:
    """The value without the words that name a local path missing in the root."""
    kept = []
    for word in value.split():
        path = urlparse(word).path if word.startswith("file:") else word if word.startswith("/") else None
        if path is not None and not (root / path.lstrip("/")).exists():
            print(f"== pristine: not passing {what}: {word} (not inside the root)", file=sys.stderr)
            continue
        kept.append(word)
    return " ".join(kept)


def pip(root: Path, home: str) -> None:
    """Write pip's configuration files into ROOT; print the PIP_* and proxy variables, NUL-separated."""
    for source, target in [("/etc/pip.conf", "etc/pip.conf"), ("/etc/xdg/pip/pip.conf", "etc/xdg/pip/pip.conf"),
                           (f"{home}/.config/pip/pip.conf", "root/.config/pip/pip.conf"),
                           (f"{home}/.pip/pip.conf", "root/.pip/pip.conf")]:
        if not os.path.isfile(source):
            continue
        config = configparser.RawConfigParser()
        config.read(source, encoding="utf-8")
        for section in config.sections():
            for key, value in list(config.items(section)):
                value = keep(root, value, f"{source} [{section}] {key}")
                if value:
                    config.set(section, key, value)
                else:
                    config.remove_option(section, key)
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        with open(root / target, "w", encoding="utf-8") as out:
            config.write(out)
    proxies = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"}
    for name, value in sorted(os.environ.items()):
        if name.startswith("PIP_") or name.lower() in proxies:
            value = keep(root, value, name) if name.startswith("PIP_") else value
            if value:
                sys.stdout.write(f"{name}={value}\0")


def answers(port: str) -> None:
    """Never through a proxy: the server runs on this machine."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        sys.exit(0 if b"wir2" in opener.open(f"http://127.0.0.1:{port}/", timeout=2).read() else 1)
    except OSError:
        sys.exit(1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "mirrors":
        mirrors(*args)
    elif command == "pip":
        pip(Path(args[0]), args[1])
    elif command == "answers":
        answers(*args)
    else:
        sys.exit(f"unknown command {command}")
