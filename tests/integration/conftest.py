"""Real ZooKeeper ensembles for the integration tests, and a way to run modules through Ansible.

Ensembles are started with scripts/local_ensemble.py in pytest's temporary
directories, on free ports of 127.0.0.1, and stopped at teardown (only the
processes they started, by their pid files). Modules run through the
``ansible`` command line with ANSIBLE_COLLECTIONS_PATH pointing at this
checkout's .cache/collections (made by scripts/venv.sh).
"""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, ".cache", "collections")
BIN = os.path.dirname(sys.executable)
WHITELIST = ("srvr", "mntr", "ruok")

sys.path.insert(0, os.path.join(REPO, "scripts"))
import local_ensemble  # noqa: E402  pylint: disable=wrong-import-position


def ansible_env():
    if not os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "zkops", "ensemble")):
        pytest.fail("%s has no zkops/ensemble link: run scripts/venv.sh first" % COLLECTIONS)
    env = dict(os.environ)
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               ANSIBLE_DEPRECATION_WARNINGS="false", ANSIBLE_RETRY_FILES_ENABLED="false",
               ANSIBLE_LOAD_CALLBACK_PLUGINS="true", ANSIBLE_STDOUT_CALLBACK="minimal")
    return env


class ModuleRun(object):
    """rc, the module's result dict and the raw output of one ``ansible localhost -m`` run."""

    def __init__(self, rc, result, output):
        self.rc = rc
        self.result = result
        self.output = output

    def __repr__(self):
        return "ModuleRun(rc=%r, output=%s)" % (self.rc, self.output[-3000:])


def _run_module(name, args, check=False, timeout=120):
    """Run zkops.ensemble.<name> on the implicit localhost through the ansible CLI."""
    cmd = [os.path.join(BIN, "ansible"), "localhost", "-m", "zkops.ensemble.%s" % name, "-a", json.dumps(args)]
    if check:
        cmd.append("--check")
    proc = subprocess.run(cmd, env=ansible_env(), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=timeout, check=False)
    output = proc.stdout
    start = output.find("=> {")
    result = {}
    if start >= 0:
        text = output[start + 3:]
        result = json.JSONDecoder().raw_decode(text)[0]
    return ModuleRun(proc.returncode, result, output)


def _run_playbook(playbook, extra_vars, timeout=120, inventory=None):
    """(rc, output) of ansible-playbook with JSON extra vars, on the implicit localhost or an ``inventory`` file."""
    cmd = [os.path.join(BIN, "ansible-playbook"), playbook, "-e", json.dumps(extra_vars)]
    if inventory:
        cmd[1:1] = ["-i", str(inventory)]
    env = ansible_env()
    env["ANSIBLE_STDOUT_CALLBACK"] = "default"
    proc = subprocess.run(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=timeout, check=False)
    return proc.returncode, proc.stdout


@pytest.fixture(scope="session")
def run_module():
    """run_module(name, args, check=False) -> ModuleRun(rc, result, output), through the ansible CLI."""
    return _run_module


@pytest.fixture(scope="session")
def run_playbook():
    """run_playbook(playbook, extra_vars, timeout=120, inventory=None) -> (rc, output), through ansible-playbook."""
    return _run_playbook


@pytest.fixture(scope="session")
def new_ensemble():
    """new_ensemble(directory, **LocalEnsemble kwargs): an unstarted LocalEnsemble (the test stops it)."""
    return local_ensemble.LocalEnsemble


def _start(directory, **kwargs):
    ensemble = local_ensemble.LocalEnsemble(str(directory), **kwargs)
    try:
        ensemble.start(wait=True, timeout=90)
    except Exception:
        ensemble.stop(timeout=5)
        for sid in ensemble.ids():
            log = ensemble._paths(sid)[2]  # pylint: disable=protected-access
            if os.path.exists(log):
                with open(log) as handle:
                    sys.stderr.write("---- %s\n%s\n" % (log, handle.read()[-4000:]))
        raise
    return ensemble


def _restart_server(ensemble, sid, timeout=90):
    """Stop server ``sid``, wait until the others have a leader, start it again and wait until all serve.

    The others elect among themselves before ``sid`` returns, so a restarted leader comes back as a
    follower. Every wait is bounded by ``timeout`` seconds (local_ensemble raises EnsembleError).
    """
    others = [one for one in ensemble.ids() if one != sid]
    ensemble.stop(sid, timeout=10)
    assert not ensemble.is_running(sid), "server %d is still running after stop" % sid
    if len(others) > 1:
        ensemble.wait_ready(ids=others, timeout=timeout)
    ensemble.start_one(sid)
    return ensemble.wait_ready(ids=ensemble.ids(), timeout=timeout)


@pytest.fixture(scope="session")
def restart_server():
    """restart_server(ensemble, sid, timeout=90): stop one server, let the others elect, start it, wait until whole."""
    return _restart_server


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory):
    """A healthy 3-server ensemble shared by the read-only tests of a module."""
    ens = _start(tmp_path_factory.mktemp("ensemble"), servers=3, whitelist=WHITELIST)
    yield ens
    ens.stop(timeout=5)


@pytest.fixture
def fresh_ensemble(tmp_path):
    """A 3-server ensemble of its own, for tests that kill servers."""
    ens = _start(tmp_path / "ensemble", servers=3, whitelist=WHITELIST)
    yield ens
    ens.stop(timeout=5)


@pytest.fixture
def srvr_only_server(tmp_path):
    """One server with standaloneEnabled=false (a one-voter quorum, so it leads) whose whitelist is only srvr."""
    ens = _start(tmp_path / "srvr-only", servers=1, whitelist=("srvr",), standalone_enabled=False)
    yield ens
    ens.stop(timeout=5)
