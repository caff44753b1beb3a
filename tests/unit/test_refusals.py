# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every bad inventory of tests/refusal_cases.py is refused by the role's preflight, naming host, variable and fix.

The inventories run through tests/role_preflight.py: the role's own defaults,
vars/main.yml, argument spec and preflight tasks, with the real plan and
placement code. tests/integration/test_refusals_change_nothing.py runs the same
inventories through ansible-playbook.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import sys

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import refusal_cases  # noqa: E402  pylint: disable=wrong-import-position
import role_preflight  # noqa: E402  pylint: disable=wrong-import-position

# Never created: the preflight only reads below it (myid files), and role_preflight not even that.
TMP = "/nonexistent/zkops-refusals"


def test_there_are_at_least_thirty_kinds_of_bad_inventory():
    names = [case.name for case in refusal_cases.CASES]
    assert len(names) >= 30
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", refusal_cases.CASES, ids=lambda case: case.name)
def test_every_case_asks_for_a_host_a_variable_and_a_fix(case):
    assert case.names and all(case.names)
    assert any("zookeeper_" in fragment for fragment in [case.variable, case.fix] + case.also)
    assert case.fix


@pytest.mark.parametrize("case", refusal_cases.CASES, ids=lambda case: case.name)
def test_refused_by_the_preflight(case):
    task, messages = role_preflight.preflight(case.inventory(TMP))
    assert task == case.task, messages
    assert [m for m in messages if all(fragment in m for fragment in case.expected)], (case.expected, messages)


def test_a_good_inventory_passes_every_preflight_task():
    """The control: the same base variables without a mistake pass (and every task of the preflight ran)."""
    good = refusal_cases.Case("good", {"zk1": {}, "zk2": {}, "zk3": {}})
    task, plan = role_preflight.preflight(good.inventory(TMP))
    assert task is None, plan
    assert plan["problems"] == []
    assert plan["connect_string"] == "zk1:2181,zk2:2181,zk3:2181"
    assert plan["hosts"]["zk2"][0]["data_dir"] == TMP + "/data"
    assert plan["hosts"]["zk2"][0]["settings"]["tickTime"] == 2000


def test_a_good_room_layout_passes_and_gets_its_quorum_groups():
    good = refusal_cases.Case("good rooms", dict(("zk%d" % n, {"zookeeper_room": room}) for n, room
                                                 in enumerate("aabbc", start=1)),
                              {"zookeeper_hierarchical_quorum": True})
    task, plan = role_preflight.preflight(good.inventory(TMP))
    assert task is None, plan
    assert plan["quorum_groups"] == {1: [1, 2], 2: [3, 4], 3: [5]}


def test_hierarchical_quorums_judge_room_losses_by_groups():
    """The role passes zookeeper_hierarchical_quorum and zookeeper_weight to placement_plan: a room holding 4 of 7
    voters may be lost under hierarchical quorums (the two other groups are a majority of the three), not without."""
    layout = dict(("zk%d" % n, {"zookeeper_room": room}) for n, room in enumerate("aaaabbc", start=1))
    heavy = refusal_cases.Case("heavy room", layout, {"zookeeper_hierarchical_quorum": True})
    task, plan = role_preflight.preflight(heavy.inventory(TMP))
    assert task is None, plan
    assert plan["quorum_groups"] == {1: [1, 2, 3, 4], 2: [5, 6], 3: [7]}
    majority = refusal_cases.Case("heavy room", layout)
    task, messages = role_preflight.preflight(majority.inventory(TMP))
    assert task == refusal_cases.PLACEMENT
    assert "room 'a' (zookeeper_room) holds 4 of 7 voters (zk1, zk2, zk3, zk4), half or more" in messages[0]


def _molecule_inventories():
    """(scenario, inventory) of every Molecule scenario: its platforms in group zookeeper with their variables."""
    root = os.path.join(role_preflight.REPO, "molecule")
    found = []
    for scenario in sorted(os.listdir(root)):
        path = os.path.join(root, scenario, "molecule.yml")
        if not os.path.isfile(path):
            continue
        with open(path) as handle:
            config = yaml.safe_load(handle)
        inventory = (config.get("provisioner") or {}).get("inventory") or {}
        group_vars = (inventory.get("group_vars") or {}).get("zookeeper") or {}
        host_vars = inventory.get("host_vars") or {}
        hosts = [p["name"] for p in config.get("platforms") or () if "zookeeper" in (p.get("groups") or ())]
        if hosts:
            found.append(pytest.param(scenario, dict((h, _defaults(dict(group_vars, **(host_vars.get(h) or {}))))
                                                     for h in hosts), id=scenario))
    return found


def _defaults(value):
    """Molecule's ${VAR:-default} with the default, ${VAR} with a path."""
    if isinstance(value, str):
        return re.sub(r"\$\{[A-Z_]+\}", "/tmp/molecule", re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value))
    if isinstance(value, dict):
        return dict((k, _defaults(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_defaults(v) for v in value]
    return value


@pytest.mark.parametrize("scenario, inventory", _molecule_inventories())
def test_the_molecule_inventories_pass(scenario, inventory):
    """What the scenarios deploy is not refused (no stricter preflight without their update)."""
    task, result = role_preflight.preflight(inventory)
    assert task is None, (scenario, result)
    assert result["problems"] == []
