# Copyright (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The role's interface: defaults/main.yml, meta/argument_specs.yml and the playbooks agree.

Every default is declared, with the same default, by an entry point; every
entry point has its task file; every playbook is a thin play over one entry
point and sets no internal (``__zookeeper_``) variable.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

_ROOT = pathlib.Path(__file__).resolve().parents[2]
_ROLE = _ROOT / "roles" / "zookeeper"
_DEFAULTS = yaml.safe_load((_ROLE / "defaults" / "main.yml").read_text())
_SPECS = yaml.safe_load((_ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]
_PLAYBOOKS = sorted((_ROOT / "playbooks").glob("*.yml"))


def _declared():
    out = {}
    for entry, spec in _SPECS.items():
        for name, option in (spec.get("options") or {}).items():
            out.setdefault(name, []).append((entry, option))
    return out


def test_the_entry_points_are_the_operations():
    assert set(_SPECS) == {"main", "rolling_restart", "upgrade", "scale", "room_drill", "status"}


@pytest.mark.parametrize("entry", sorted(_SPECS))
def test_every_entry_point_has_its_task_file(entry):
    assert (_ROLE / "tasks" / ("%s.yml" % entry)).is_file()


@pytest.mark.parametrize("name", sorted(_DEFAULTS))
def test_every_default_is_declared_with_the_same_default(name):
    declared = _declared().get(name)
    assert declared, "%s is in defaults/main.yml but in no entry point of meta/argument_specs.yml" % name
    for entry, option in declared:
        if "default" in option:
            assert option["default"] == _DEFAULTS[name], "%s: %s declares %r" % (name, entry, option["default"])


@pytest.mark.parametrize("name", sorted(_declared()))
def test_every_declared_option_has_a_default(name):
    assert name in _DEFAULTS


def test_no_internal_variable_is_declared():
    assert [n for n in _declared() if n.startswith("_")] == []


@pytest.mark.parametrize("path", _PLAYBOOKS, ids=lambda p: p.name)
def test_every_playbook_is_a_thin_play_over_one_entry_point(path):
    text = path.read_text()
    plays = yaml.safe_load(text)
    assert "__zookeeper" not in text
    assert len(plays) == 1, "%s: one play" % path.name
    play = plays[0]
    tasks = play.get("tasks") or []
    roles = play.get("roles") or []
    assert len(tasks) + len(roles) == 1, "%s: one role call" % path.name
    assert not play.get("vars"), "%s: defaults belong to the role" % path.name
    call = roles[0] if roles else tasks[0]["ansible.builtin.import_role"]
    assert (call.get("role") or call.get("name")) == "zkops.ensemble.zookeeper"
    assert call.get("tasks_from", "main") in _SPECS
    assert len([line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]) <= 15


def _tasks(node):
    if isinstance(node, list):
        for item in node:
            yield from _tasks(item)
    elif isinstance(node, dict):
        yield node
        for key in ("block", "rescue", "always"):
            yield from _tasks(node.get(key) or [])


def test_dynamic_includes_only_for_a_loop_or_a_file_that_does_not_apply():
    """Everything else is imported, so that --list-tasks shows the flow. Included: the two loops, and the
    files a whole host may not need (docker on systemd, TLS off, the OS package, the other deployment's
    driver in a restart step), so that a run with nothing to change skips one include, not every task."""
    dynamic = [
        "%s: %s" % (path.name, task.get("name"))
        for path in sorted((_ROLE / "tasks").glob("*.yml")) + _PLAYBOOKS
        for task in _tasks(yaml.safe_load(path.read_text()) or [])
        if "ansible.builtin.include_tasks" in task or "ansible.builtin.include_role" in task
    ]
    assert dynamic == ["deploy.yml: Provide the image and the network of the containers",
                       "deploy.yml: Provide the certificate material (TLS)",
                       "deploy.yml: Walk TLS and SASL one phase at a time, a rolling restart each",
                       "deploy.yml: Ask which servers run (docker)",
                       "deploy.yml: Start the servers that do not run (docker)",
                       "install.yml: Install the OS package",
                       "restart.yml: Restart the servers one at a time, asking for the order before each",
                       "restart_step.yml: Restart the server"]


@pytest.mark.parametrize("driver", ["server_systemd.yml", "server_docker.yml"])
def test_every_driver_knows_every_action(driver):
    text = (_ROLE / "tasks" / driver).read_text()
    for action in ("status", "start", "restart", "stop", "retire"):
        assert "'%s'" % action in text, "%s does not handle %s" % (driver, action)
