"""Every bad inventory of tests/refusal_cases.py through the real ``ansible-playbook playbooks/site.yml``.

Each case becomes an inventory file of local hosts (ansible_connection=local,
this venv's Python, no become: the bench runs as root) whose every directory
the role would create (data, conf, log, install, home, download) lies below
the case's own temporary directory. The play must fail (rc != 0), print the
refusal the case expects from the task it names, report changed=0 for every
host, and leave nothing behind: no directory below the case's, no change to
any path outside it that the inventory names.

Safety net, in case a future change lets a bad inventory through the
preflight: the service user and group get names that groupadd/useradd
refuse, so the first install task fails before it creates anything on this
machine, and DOCKER_HOST points at a socket that does not exist, so no docker
module reaches an engine. The cases run 4 at a time (the play is mostly
waiting on Python start-ups); the stage's wall time is printed.
"""

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, ".cache", "collections")
BIN = os.path.dirname(sys.executable)
WORKERS = 4
TIMEOUT = 300
TRIPWIRE = "zkops refusal tripwire"  # not a valid user or group name: groupadd and useradd refuse it

sys.path.insert(0, os.path.join(REPO, "tests"))
import refusal_cases  # noqa: E402  pylint: disable=wrong-import-position

CASES = dict((case.name, case) for case in refusal_cases.CASES)


class Run(object):
    """One ansible-playbook run of a case: rc, output, seconds, and what it left behind."""

    def __init__(self, case, rc, output, seconds, left, changed_outside):
        self.case = case
        self.rc = rc
        self.output = output
        self.seconds = seconds
        self.left = left  # paths below the case's target directory
        self.changed_outside = changed_outside  # named paths outside it whose existence changed

    def __repr__(self):
        return "Run(%s, rc=%r, %.1fs, output=...%s)" % (self.case.name, self.rc, self.seconds, self.output[-4000:])


def _env(root):
    env = dict(os.environ)
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_DEPRECATION_WARNINGS="false", ANSIBLE_RETRY_FILES_ENABLED="false",
               ANSIBLE_LOCAL_TEMP=os.path.join(root, "ansible-local"),
               ANSIBLE_REMOTE_TEMP=os.path.join(root, "ansible-remote"),
               DOCKER_HOST="unix://%s" % os.path.join(root, "no-docker.sock"))
    return env


def _paths(value):
    """Every absolute path an inventory names (to check that the ones outside the test's directory stay as they are)."""
    if isinstance(value, str):
        return [value] if value.startswith("/") and " " not in value else []
    if isinstance(value, dict):
        return [p for v in value.values() for p in _paths(v)]
    if isinstance(value, list):
        return [p for v in value for p in _paths(v)]
    return []


def _run(case, root):
    target = os.path.join(root, "target")
    inventory = case.inventory(target)
    outside = sorted(set(p for p in _paths(inventory) if not p.startswith(root + os.sep)))
    existed = dict((p, os.path.lexists(p)) for p in outside)
    connection = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                  "ansible_become": False, "zookeeper_user": TRIPWIRE, "zookeeper_group": TRIPWIRE}
    path = os.path.join(root, "inventory.yml")
    with open(path, "w") as handle:
        yaml.safe_dump({"zookeeper": {"hosts": inventory, "vars": connection}}, handle, sort_keys=False)
    started = time.monotonic()
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), os.path.join("playbooks", "site.yml"), "-i", path],
                          env=_env(root), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=TIMEOUT, check=False)
    seconds = time.monotonic() - started
    left = []
    for directory, dirs, files in os.walk(target):
        left.extend(os.path.join(directory, name) for name in dirs + files)
    if os.path.lexists(target):
        left.insert(0, target)
    changed_outside = [p for p in outside if os.path.lexists(p) != existed[p]]
    return Run(case, proc.returncode, proc.stdout, seconds, left, changed_outside)


def _weight(case):
    """A run's rough cost: its hosts, and apt-cache for a package install."""
    inventory = case.inventory("")
    return len(inventory) + 3 * any(v.get("zookeeper_install_method") == "package" for v in inventory.values())


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory):
    """name -> Run for every selected case, run WORKERS at a time; prints the stage's wall time."""
    selected = [item.callspec.params["name"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec") and "name" in item.callspec.params]
    names = list(dict.fromkeys(selected)) or list(CASES)
    roots = dict((name, str(tmp_path_factory.mktemp(name))) for name in names)
    started = time.monotonic()
    # The longest runs first (more hosts, apt-cache), so that none of them is left to run alone at the end.
    order = sorted(names, key=lambda name: -_weight(CASES[name]))
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = dict((name, pool.submit(_run, CASES[name], roots[name])) for name in order)
        results = dict((name, future.result()) for name, future in futures.items())
    wall = time.monotonic() - started
    slowest = max(results.values(), key=lambda run: run.seconds)
    line = ("refusals: %d ansible-playbook runs, %d at a time, in %.1f s wall (slowest %s, %.1f s)"
            % (len(results), WORKERS, wall, slowest.case.name, slowest.seconds))
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            sys.stderr.write("\n%s\n" % line)
    else:
        sys.stderr.write("\n%s\n" % line)
    return results


# --------------------------------------------------------------------------- reading the play's output

_FATAL = re.compile(r"^fatal: \[([^\]\s]+)(?: -> [^\]]+)?\]: FAILED! => ", re.M)
_TASK = re.compile(r"^TASK \[(?:[\w.]+ : )?(.*?)\] \**$", re.M)
_RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def refusals(output):
    """[(task, host, message)] of every failure the play printed (messages of a list one by one)."""
    found = []
    decoder = json.JSONDecoder()
    for match in _FATAL.finditer(output):
        tasks = _TASK.findall(output, 0, match.start())
        result = decoder.raw_decode(output[match.end():])[0]
        messages = result.get("argument_errors") or result.get("msg") or []
        if isinstance(messages, str):
            messages = [messages]
        for message in messages:
            if str(message).startswith("ZooKeeper preflight failed"):
                continue  # the heading of the preflight's list
            # Argument errors name no host themselves; the failure line does.
            text = "%s: %s" % (match.group(1), message) if "argument_errors" in result else str(message)
            found.append((tasks[-1] if tasks else "", match.group(1), " ".join(text.split())))
    return found


def recap(output):
    """host -> changed count from the PLAY RECAP."""
    return dict((m.group(1), int(m.group(3))) for m in _RECAP.finditer(output))


# --------------------------------------------------------------------------- the cases


@pytest.mark.parametrize("name", list(CASES))
def test_refused_and_nothing_changed(runs, name):
    case, run = CASES[name], runs[name]
    assert run.rc != 0, run
    found = refusals(run.output)
    assert found, run
    matching = [(task, message) for task, _host, message in found
                if all(fragment in message for fragment in case.expected)]
    assert matching, ("expected one refusal with %r" % case.expected, found)
    assert any(task.startswith(case.task) for task, _message in matching), (case.task, matching)
    # Every host ran (the play's recap lists it) and nothing changed on any.
    assert recap(run.output) == dict((host, 0) for host in case.hosts), run
    assert run.left == [], run.left
    assert run.changed_outside == [], run.changed_outside


def test_reading_the_output():
    """refusals() and recap() on output as ansible-playbook prints it."""
    output = (
        "TASK [zkops.ensemble.zookeeper : Plan or check the voters' rooms] ***\n"
        "fatal: [zk1 -> localhost]: FAILED! => {\n    \"changed\": false,\n"
        "    \"msg\": \"room 'a' holds \\\"3\\\" of 5\"\n}\n"
        "TASK [zkops.ensemble.zookeeper : Validating arguments against arg spec 'main' - x] ***\n"
        "fatal: [zk2]: FAILED! => {\"argument_errors\": [\"value of a must be one of: b, got: c\"], "
        "\"msg\": \"Validation of arguments failed:\\nvalue of a must be one of: b, got: c\"}\n"
        "PLAY RECAP ***\nzk1                        : ok=8    changed=0    unreachable=0    failed=1    skipped=7\n"
        "zk2                        : ok=0    changed=1    unreachable=0    failed=1    skipped=0\n")
    assert refusals(output) == [
        ("Plan or check the voters' rooms", "zk1", "room 'a' holds \"3\" of 5"),
        ("Validating arguments against arg spec 'main' - x", "zk2", "zk2: value of a must be one of: b, got: c")]
    assert recap(output) == {"zk1": 0, "zk2": 1}
