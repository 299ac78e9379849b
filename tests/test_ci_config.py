"""The CI configuration: .gitlab-ci.yml, .github/workflows/site.yml and deploy/ci-publish.sh.

Both CI files are checked against their schemas as check-jsonschema vendors them (so offline), and
for what publishing depends on: the whole git history (the calendars' revisions are counted from
it), the test suite before a push is published, a daily rebuild, publishing from main only – never
from the editor's branches or merge requests – and never two publishes at once. The rules are
evaluated for the events that start a pipeline, so what is asserted is which jobs and steps run.
Every check is also shown to reject a broken copy. The publish script runs with a stand-in for
``./dev.sh`` and ``ssh -G`` reads the SSH settings it writes.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "site.yml"
PUBLISH_SCRIPT = ROOT / "deploy" / "ci-publish.sh"
PUBLISH_VARIABLES = ("WIR2_PUBLISH_TARGET", "WIR2_SSH_PRIVATE_KEY", "WIR2_SSH_KNOWN_HOSTS")
EDITOR_VARIABLES = ("WIR2_ADMIN", "WIR2_CMS_REPO", "WIR2_CMS_APP_ID", "WIR2_CMS_GITLAB_URL")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- schemas ---------------------------------------------------------------------------------------


def check_jsonschema(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    extra = ["--data-transform", "gitlab-ci"] if schema == "vendor.gitlab-ci" else []
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *extra, str(path)],
                          capture_output=True, text=True, timeout=120)


SCHEMAS = {"gitlab": (GITLAB, "vendor.gitlab-ci"), "github": (GITHUB, "vendor.github-workflows")}
# One broken copy each: a key the schema does not know, a value of the wrong kind.
BROKEN_FOR_SCHEMA = {
    "gitlab": [("resource_group: wir2-publish", "resource-group: wir2-publish"),
               ("timeout: 30 minutes", "timeout: [30]")],
    "github": [("cancel-in-progress: false", "cancel-in-progress: vielleicht"),
               ("    runs-on: ubuntu-latest", "    runs_on: ubuntu-latest")],
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_ci_file_matches_its_schema(name):
    path, schema = SCHEMAS[name]
    run = check_jsonschema(path, schema)
    assert run.returncode == 0 and "ok -- validation done" in run.stdout, run.stdout + run.stderr


@pytest.mark.parametrize(("name", "old", "new"), [(n, o, w) for n, pairs in BROKEN_FOR_SCHEMA.items()
                                                  for o, w in pairs])
def test_the_schema_rejects_a_broken_copy(tmp_path, name, old, new):
    path, schema = SCHEMAS[name]
    text = path.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new), encoding="utf-8")
    run = check_jsonschema(broken, schema)
    assert run.returncode != 0, run.stdout


# --- rule expressions (GitLab's `if:`, GitHub's `if:`) ----------------------------------------------

_TOKEN = re.compile(r"\s*(?:(==|!=|=~|!~|&&|\|\||\(|\)|!)|\"([^\"]*)\"|'([^']*)'|/((?:[^/\\]|\\.)*)/|"
                    r"(\$?[A-Za-z_][\w.]*))")


def evaluate(expression: str, values: dict[str, str]) -> bool:
    """The subset of GitLab's and GitHub's rule expressions these files use: variables (``$CI_X``,
    ``github.ref``), strings, ``/regex/``, ``== != =~ !~``, ``! && ||`` and parentheses. Anything else
    is an error, so an expression this cannot read fails the test instead of passing it."""
    tokens: list[tuple[str, Any]] = []
    pos = 0
    expression = expression.strip()
    while pos < len(expression):
        m = _TOKEN.match(expression, pos)
        assert m and m.end() > pos, f"cannot read {expression!r} at {expression[pos:]!r}"
        op, dq, sq, rx, name = m.groups()
        if op:
            tokens.append(("op", op))
        elif rx is not None:
            tokens.append(("regex", rx))
        elif name is not None:
            tokens.append(("value", values.get(name.lstrip("$"))))
        else:
            tokens.append(("value", dq if dq is not None else sq))
        pos = m.end()
    index = 0

    def peek() -> tuple[str, Any] | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> tuple[str, Any]:
        nonlocal index
        index += 1
        return tokens[index - 1]

    def primary() -> Any:
        kind, value = take()
        if (kind, value) == ("op", "("):
            result = disjunction()
            assert take() == ("op", ")"), expression
            return result
        if (kind, value) == ("op", "!"):
            return not primary()
        assert kind == "value", f"{expression!r}: unexpected {value!r}"
        nxt = peek()
        if nxt and nxt[0] == "op" and nxt[1] in ("==", "!=", "=~", "!~"):
            op = take()[1]
            kind2, right = take()
            if op in ("=~", "!~"):
                assert kind2 == "regex", expression
                found = value is not None and re.search(right, value) is not None
                return found if op == "=~" else not found
            return (value == right) if op == "==" else (value != right)
        return bool(value)

    def conjunction() -> Any:
        result = primary()
        while peek() == ("op", "&&"):
            take()
            result = primary() and result
        return result

    def disjunction() -> Any:
        result = conjunction()
        while peek() == ("op", "||"):
            take()
            result = conjunction() or result
        return result

    result = bool(disjunction())
    assert index == len(tokens), f"cannot read {expression!r}"
    return result


def test_the_expression_reader_reads_what_it_is_given():
    v = {"CI_COMMIT_BRANCH": "main", "CI_PIPELINE_SOURCE": "push", "github.ref": "refs/heads/main"}
    assert evaluate('$CI_COMMIT_BRANCH == "main" && $CI_PIPELINE_SOURCE =~ /^(push|schedule)$/', v)
    assert not evaluate('$CI_COMMIT_BRANCH == "main" && $CI_PIPELINE_SOURCE =~ /^(schedule|web)$/', v)
    assert evaluate('$CI_MERGE_REQUEST_IID || $CI_COMMIT_BRANCH != "cms/x"', v)
    assert not evaluate("!(github.ref == 'refs/heads/main')", v)
    with pytest.raises(AssertionError):
        evaluate("contains(github.ref, 'main')", v)


# --- GitLab ----------------------------------------------------------------------------------------

# (name, predefined variables of such a pipeline, the jobs it runs)
GITLAB_EVENTS = [
    ("push to main", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}, ["test", "publish"]),
    ("run by hand on main", {"CI_PIPELINE_SOURCE": "web", "CI_COMMIT_BRANCH": "main"}, ["test", "publish"]),
    ("nightly schedule", {"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main"}, ["publish"]),
    ("editor's branch", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "cms/pages/konzept"}, []),
    ("editor's merge request", {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "7",
                                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "cms/pages/konzept",
                                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}, []),
    ("schedule on another branch", {"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "cms/x"}, []),
    ("tag", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "v1"}, []),
]


def gitlab_rules_match(rules: list[dict[str, Any]] | None, values: dict[str, str]) -> bool:
    """GitLab's `rules:` – the first rule whose `if` holds decides; none holds: not run. No rules: run."""
    if rules is None:
        return True
    for rule in rules:
        assert set(rule) <= {"if", "when"}, f"rule not understood here: {rule}"
        if "if" not in rule or evaluate(rule["if"], values):
            return rule.get("when", "on_success") != "never"
    return False


def gitlab_jobs(config: dict[str, Any], values: dict[str, str]) -> list[str]:
    if not gitlab_rules_match(config.get("workflow", {}).get("rules"), values):
        return []
    reserved = {"workflow", "variables", "default", "stages", "include", "image", "services", "cache",
                "before_script", "after_script"}
    return [name for name, job in config.items()
            if name not in reserved and not name.startswith(".") and gitlab_rules_match(job.get("rules"), values)]


def scripts(job: dict[str, Any]) -> str:
    return "\n".join(job.get("script", []))


def gitlab_problems(config: dict[str, Any]) -> list[str]:
    problems = []
    variables = config.get("variables", {})
    if variables.get("GIT_DEPTH") != "0":
        problems.append(f"GIT_DEPTH is {variables.get('GIT_DEPTH')!r}, not \"0\" (the whole history)")
    if variables.get("GIT_STRATEGY") not in ("clone", "fetch"):
        problems.append(f"GIT_STRATEGY is {variables.get('GIT_STRATEGY')!r}: no git clone")
    for name, job in config.items():
        if isinstance(job, dict) and "GIT_DEPTH" in job.get("variables", {}):
            problems.append(f"{name} sets GIT_DEPTH of its own")
    for event, values, expected in GITLAB_EVENTS:
        jobs = gitlab_jobs(config, values)
        if jobs != expected:
            problems.append(f"{event}: runs {jobs}, expected {expected}")
    test, publish = config.get("test", {}), config.get("publish", {})
    if scripts(test).splitlines()[-1:] != ["./dev.sh test"]:
        problems.append("test does not run ./dev.sh test")
    if not all(v in scripts(test) for v in (*PUBLISH_VARIABLES, *EDITOR_VARIABLES)):
        problems.append("test keeps publishing or editor settings")
    if scripts(publish).strip() != "sh deploy/ci-publish.sh":
        problems.append("publish does not run deploy/ci-publish.sh")
    if publish.get("needs") != [{"job": "test", "optional": True}]:
        problems.append(f"publish needs {publish.get('needs')}, not the tests where they run")
    if not publish.get("resource_group"):
        problems.append("publish has no resource_group: two publishes could run at once")
    if (publish.get("environment") or {}).get("name") != "production":
        problems.append("publish has no environment (outdated deployments are not prevented)")
    image = (config.get("default") or {}).get("image")
    if image != "debian:trixie":
        problems.append(f"image {image!r}, not debian:trixie")
    return problems


def test_gitlab_ci_publishes_main_only_with_the_whole_history_after_the_tests():
    assert gitlab_problems(load(GITLAB)) == []


def _gitlab_set(path: list[str], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        *parents, last = path
        node = config
        for key in parents:
            node = node[key]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return change


def _gitlab_both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        for one in changes:
            one(config)
    return change


GITLAB_BREAKAGES = {
    "shallow": (_gitlab_set(["variables", "GIT_DEPTH"], "20"), "GIT_DEPTH is '20'"),
    "depth as number": (_gitlab_set(["variables", "GIT_DEPTH"], 0), "GIT_DEPTH is 0"),
    "job shallow": (_gitlab_set(["publish", "variables"], {"GIT_DEPTH": "1"}), "publish sets GIT_DEPTH"),
    "pipelines everywhere": (_gitlab_set(["workflow", "rules"], [{"if": '$CI_PIPELINE_SOURCE != "never"'}]),
                             "editor's branch: runs ['test']"),
    "merge request pipelines": (_gitlab_set(["workflow", "rules"], [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}, {"if": '$CI_COMMIT_BRANCH == "main"'}]),
        "editor's merge request: runs ['test']"),
    "publish on any branch": (_gitlab_both(_gitlab_set(["workflow"], None), _gitlab_set(["publish", "rules"], None)),
                              "editor's branch: runs ['test', 'publish']"),
    "no nightly publish": (_gitlab_set(["publish", "rules"], [{"if": '$CI_PIPELINE_SOURCE == "push"'}]),
                           "nightly schedule: runs []"),
    "tests at night": (_gitlab_set(["test", "rules"], None), "nightly schedule: runs ['test', 'publish']"),
    "publish without tests": (_gitlab_set(["publish", "needs"], []), "publish needs []"),
    "two at once": (_gitlab_set(["publish", "resource_group"], None), "no resource_group"),
    "no environment": (_gitlab_set(["publish", "environment"], None), "no environment"),
}


@pytest.mark.parametrize("breakage", GITLAB_BREAKAGES)
def test_gitlab_checks_reject_a_broken_copy(breakage):
    change, message = GITLAB_BREAKAGES[breakage]
    config = copy.deepcopy(load(GITLAB))
    change(config)
    problems = gitlab_problems(config)
    assert any(message in p for p in problems), problems


# --- GitHub ----------------------------------------------------------------------------------------

SHA = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
# (name, github context of such a run, whether the tests run, whether it publishes)
GITHUB_EVENTS = [
    ("push to main", {"github.event_name": "push", "github.ref": "refs/heads/main"}, True, True),
    ("nightly schedule", {"github.event_name": "schedule", "github.ref": "refs/heads/main"}, False, True),
    ("run by hand on main", {"github.event_name": "workflow_dispatch", "github.ref": "refs/heads/main"}, True, True),
    ("run by hand on an editor's branch", {"github.event_name": "workflow_dispatch",
                                           "github.ref": "refs/heads/cms/pages/konzept"}, True, False),
]


def github_triggers(config: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    triggers = config.get("on", config.get(True))
    return triggers if isinstance(triggers, dict) else {}


def step_runs(step: dict[str, Any], values: dict[str, str]) -> bool:
    condition = step.get("if")
    if condition is None:
        return True
    condition = condition.strip()
    if condition.startswith("${{") and condition.endswith("}}"):
        condition = condition[3:-2]
    return evaluate(condition, values)


def github_problems(config: dict[str, Any]) -> list[str]:
    problems = []
    triggers = github_triggers(config)
    if set(triggers) - {"push", "schedule", "workflow_dispatch"}:
        problems.append(f"triggers {sorted(set(triggers))}: pull requests or others start runs")
    if (triggers.get("push") or {}).get("branches") != ["main"] or "tags" in (triggers.get("push") or {}):
        problems.append(f"push starts runs for {triggers.get('push')}, not main only")
    schedule = triggers.get("schedule") or []
    daily = [s for s in schedule if re.fullmatch(r"\d{1,2} \d{1,2} \* \* \*", s.get("cron", ""))]
    if not daily:
        problems.append(f"no daily schedule: {schedule}")
    elif daily[0].get("timezone") != "Europe/Berlin" or int(daily[0]["cron"].split()[1]) not in range(1, 7):
        problems.append(f"the daily run is not at night in Germany: {daily[0]}")
    concurrency = config.get("concurrency") or {}
    if not concurrency.get("group") or concurrency.get("cancel-in-progress") is not False:
        problems.append(f"concurrency {concurrency}: two publishes could overlap or one be cancelled")
    jobs = config.get("jobs") or {}
    if len(jobs) != 1:
        problems.append(f"jobs {sorted(jobs)}: expected the one job")
        return problems
    [job] = jobs.values()
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    if image != "debian:trixie":
        problems.append(f"container {image!r}, not debian:trixie (Debian's chromium)")
    steps = job.get("steps") or []
    uses = [s["uses"] for s in steps if "uses" in s]
    problems += [f"{u} is not pinned to a commit" for u in uses if not SHA.match(u)]
    checkout = next((i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/checkout@")), None)
    if checkout is None:
        problems.append("no actions/checkout")
        return problems
    if (steps[checkout].get("with") or {}).get("fetch-depth") not in (0, "0"):
        problems.append(f"checkout fetch-depth is {(steps[checkout].get('with') or {}).get('fetch-depth')!r}, not 0")
    if not any(re.search(r"apt-get install .*\bgit\b", s.get("run", "")) for s in steps[:checkout]):
        problems.append("git is not installed before the checkout (it would fetch an archive without history)")
    if not any("safe.directory" in s.get("run", "") for s in steps[checkout + 1:]):
        problems.append("the checkout is not marked safe for git")
    tests = [s for s in steps if s.get("run", "").strip() == "./dev.sh test"]
    publish = [s for s in steps if s.get("run", "").strip() == "sh deploy/ci-publish.sh"]
    if len(tests) != 1 or len(publish) != 1 or steps.index(tests[0]) > steps.index(publish[0]):
        problems.append("expected one test step, then one publish step")
        return problems
    for event, values, runs_tests, publishes in GITHUB_EVENTS:
        got = (step_runs(tests[0], values), step_runs(publish[0], values))
        if got != (runs_tests, publishes):
            problems.append(f"{event}: tests {got[0]}, publish {got[1]}; expected {runs_tests}, {publishes}")
    secrets = [s.get("name") or s.get("run") for s in steps if "secrets." in yaml.safe_dump(s)]
    if secrets != [publish[0].get("name") or publish[0].get("run")] or "secrets." in yaml.safe_dump(
            {k: v for k, v in config.items() if k != "jobs"}) or "secrets." in yaml.safe_dump(
            {k: v for k, v in job.items() if k != "steps"}):
        problems.append(f"secrets reach other steps than publishing: {secrets}")
    if set(publish[0].get("env") or {}) != set(PUBLISH_VARIABLES):
        problems.append(f"publish gets {sorted(publish[0].get('env') or {})}, not {sorted(PUBLISH_VARIABLES)}")
    return problems


def test_github_workflow_publishes_main_only_with_the_whole_history_after_the_tests():
    assert github_problems(load(GITHUB)) == []


def _steps(change: Callable[[list[dict[str, Any]]], None]) -> Callable[[dict[str, Any]], None]:
    def apply(config: dict[str, Any]) -> None:
        [job] = config["jobs"].values()
        change(job["steps"])
    return apply


def _step(config_steps: list[dict[str, Any]], run_or_uses: str) -> dict[str, Any]:
    return next(s for s in config_steps if s.get("run", s.get("uses", "")).startswith(run_or_uses))


GITHUB_BREAKAGES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "shallow": (_steps(lambda s: _step(s, "actions/checkout").update({"with": {"fetch-depth": 1}})),
                "fetch-depth is 1"),
    "default depth": (_steps(lambda s: _step(s, "actions/checkout").pop("with")), "fetch-depth is None"),
    "tag only": (_steps(lambda s: _step(s, "actions/checkout").update({"uses": "actions/checkout@v7"})),
                 "not pinned"),
    "no git first": (_steps(lambda s: s.insert(0, s.pop(1))), "git is not installed before the checkout"),
    "no safe directory": (_steps(lambda s: s.remove(_step(s, "git config"))), "not marked safe"),
    "publish anywhere": (_steps(lambda s: _step(s, "sh deploy/ci-publish.sh").pop("if")),
                         "editor's branch: tests True, publish True"),
    "untested push": (_steps(lambda s: _step(s, "./dev.sh test").update({"if": "github.event_name == 'x'"})),
                      "push to main: tests False"),
    "no schedule": (lambda c: github_triggers(c).pop("schedule"), "no daily schedule"),
    "pull requests": (lambda c: github_triggers(c).update({"pull_request": None}), "pull requests"),
    "any branch": (lambda c: github_triggers(c)["push"].update({"branches": ["main", "cms/**"]}),
                   "not main only"),
    "cancelled publish": (lambda c: c["concurrency"].update({"cancel-in-progress": True}), "concurrency"),
    "no concurrency": (lambda c: c.pop("concurrency"), "concurrency {}"),
    "secrets for the tests": (_steps(lambda s: _step(s, "./dev.sh test").update(
        {"env": {"WIR2_SSH_PRIVATE_KEY": "${{ secrets.WIR2_SSH_PRIVATE_KEY }}"}})), "secrets reach"),
    "ubuntu's chromium": (lambda c: c["jobs"]["site"].pop("container"), "container None"),
}


@pytest.mark.parametrize("breakage", GITHUB_BREAKAGES)
def test_github_checks_reject_a_broken_copy(breakage):
    change, message = GITHUB_BREAKAGES[breakage]
    config = copy.deepcopy(load(GITHUB))
    change(config)
    problems = github_problems(config)
    assert any(message in p for p in problems), problems


# --- deploy/ci-publish.sh ----------------------------------------------------------------------------

# A stand-in for ./dev.sh: records its arguments, RSYNC_RSH and the files ssh would read.
STAND_IN = """#!/bin/sh
set -eu
out="$(dirname "$0")/seen"
mkdir -p "$out"
printf '%s\\n' "$*" >"$out/args"
printf '%s\\n' "$RSYNC_RSH" >"$out/rsync_rsh"
config=${RSYNC_RSH#ssh -F }
cp -p "$config" "$(dirname "$config")/key" "$(dirname "$config")/known_hosts" "$out/"
stat -c %a "$(dirname "$config")/key" >"$out/key_mode"
"""
KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----"
KNOWN = "server.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE"


@pytest.fixture
def publish_copy(tmp_path) -> Path:
    (tmp_path / "deploy").mkdir()
    shutil.copy(PUBLISH_SCRIPT, tmp_path / "deploy" / PUBLISH_SCRIPT.name)
    (tmp_path / "dev.sh").write_text(STAND_IN, encoding="utf-8")
    (tmp_path / "dev.sh").chmod(0o755)
    return tmp_path


def run_publish(copy_root: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIR2_")} | variables
    return subprocess.run(["sh", str(copy_root / "deploy" / PUBLISH_SCRIPT.name)], capture_output=True, text=True,
                          env=env, timeout=60)


def ssh_effective(config: Path) -> dict[str, str]:
    """What ssh would use for a connection with this configuration (``ssh -G`` connects nowhere)."""
    ssh = shutil.which("ssh")
    if not ssh:
        pytest.fail("ssh not found: apt-get install openssh-client (./dev.sh installs it from "
                    ".ci/system-packages-site)", pytrace=False)
    run = subprocess.run([ssh, "-G", "-F", str(config), "deploy@server.example"], capture_output=True, text=True,
                         timeout=30)
    assert run.returncode == 0, run.stderr
    return dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)


@pytest.mark.parametrize("form", ["text", "text with CRLF and no last line break", "file"])
def test_publish_script_hands_rsync_an_ssh_that_trusts_only_the_given_host_key(publish_copy, tmp_path, form):
    key = KEY + "\n"
    if form == "file":
        key_file = tmp_path / "gitlab-file-variable"
        key_file.write_text(key, encoding="utf-8")
        key = str(key_file)
    elif form.startswith("text with CRLF"):
        key = KEY.replace("\n", "\r\n")
    run = run_publish(publish_copy, WIR2_PUBLISH_TARGET="deploy@server.example:/var/www/wir2/",
                      WIR2_SSH_PRIVATE_KEY=key, WIR2_SSH_KNOWN_HOSTS=KNOWN + "\r\n")
    assert run.returncode == 0, run.stderr
    seen = publish_copy / "seen"
    assert (seen / "args").read_text() == "publish\n"
    assert (seen / "key").read_text() == KEY + "\n"
    assert (seen / "key_mode").read_text().strip() == "600"
    assert (seen / "known_hosts").read_text() == KNOWN + "\n"
    rsync_rsh = (seen / "rsync_rsh").read_text().strip()
    assert re.fullmatch(r"ssh -F /\S+/config", rsync_rsh), rsync_rsh
    folder = Path(rsync_rsh.removeprefix("ssh -F ")).parent
    assert not folder.exists(), "the key was left behind"
    effective = ssh_effective(seen / "config")
    assert effective["stricthostkeychecking"] == "true"
    assert effective["batchmode"] == "yes"
    assert effective["identitiesonly"] == "yes"
    assert effective["identityfile"] == str(folder / "key")
    assert effective["userknownhostsfile"] == str(folder / "known_hosts")
    assert effective["globalknownhostsfile"] == "/dev/null"


def test_publish_script_names_missing_variables_and_publishes_nothing(publish_copy):
    run = run_publish(publish_copy, WIR2_SSH_PRIVATE_KEY=KEY)
    assert run.returncode == 2
    assert run.stderr.strip() == ("Veröffentlichen nicht möglich: Es fehlen die CI-Variablen WIR2_PUBLISH_TARGET "
                                  "WIR2_SSH_KNOWN_HOSTS (siehe deploy/LIESMICH-veroeffentlichen.md).")
    assert not (publish_copy / "seen").exists()


def test_publish_script_fails_when_the_publish_fails(publish_copy):
    (publish_copy / "dev.sh").write_text("#!/bin/sh\nexit 7\n", encoding="utf-8")
    run = run_publish(publish_copy, WIR2_PUBLISH_TARGET="x:/y/", WIR2_SSH_PRIVATE_KEY=KEY,
                      WIR2_SSH_KNOWN_HOSTS=KNOWN)
    assert run.returncode == 7


def test_publish_script_is_executable_and_posix_sh():
    assert PUBLISH_SCRIPT.stat().st_mode & stat.S_IXUSR
    assert PUBLISH_SCRIPT.read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert subprocess.run(["sh", "-n", str(PUBLISH_SCRIPT)], capture_output=True).returncode == 0


def test_the_operator_guide_names_every_variable_and_file_the_ci_uses():
    guide = (ROOT / "deploy" / "LIESMICH-veroeffentlichen.md").read_text(encoding="utf-8")
    used = (set(re.findall(r"secrets\.(\w+)", GITHUB.read_text(encoding="utf-8")))
            | set(re.findall(r"\bWIR2_\w+", PUBLISH_SCRIPT.read_text(encoding="utf-8")))
            | set(re.findall(r"\bWIR2_\w+", GITLAB.read_text(encoding="utf-8"))))
    assert set(PUBLISH_VARIABLES) | set(EDITOR_VARIABLES) <= used
    missing = sorted(name for name in used | {".gitlab-ci.yml", ".github/workflows/site.yml", 'GIT_DEPTH: "0"',
                                              "fetch-depth: 0", "0 3 * * *", "Europe/Berlin"}
                     if f"`{name}`" not in guide and name not in guide)
    assert not missing, missing
