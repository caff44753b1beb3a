# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hierarchical quorum groups and observers in the preflight plan (rooms)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _preflight as preflight

from test_preflight import spec  # pylint: disable=import-error  # the sibling test module (pytest puts this dir on sys.path)

# Seven voters over three rooms laid out (3, 2, 2): room i is quorum group i.
ROOM_GROUPS = [1, 1, 1, 2, 2, 3, 3]
HOSTS = ["zk%d" % n for n in range(1, 8)]


def seven(**overrides):
    """Seven specs with ids 1..7 and their room's group; overrides: host -> dict of changes."""
    return [spec(host, **dict({"id": index + 1, "quorum_group": group}, **overrides.get(host, {})))
            for index, (host, group) in enumerate(zip(HOSTS, ROOM_GROUPS))]


def test_one_group_per_room_with_default_weights():
    result = preflight.plan(seven(), {}, HOSTS)
    assert result["problems"] == []
    assert result["quorum_groups"] == {1: [1, 2, 3], 2: [4, 5], 3: [6, 7]}
    assert result["weights"] == dict((sid, 1) for sid in range(1, 8))


def test_observer_is_in_no_group_and_marked_on_its_server_line():
    result = preflight.plan(seven(zk7={"quorum_group": None, "peer_type": "observer"}), {}, HOSTS)
    assert result["problems"] == []
    assert result["quorum_groups"] == {1: [1, 2, 3], 2: [4, 5], 3: [6]}
    assert 7 not in result["weights"]
    roles = dict((server["id"], server["role"]) for server in result["servers"])
    assert roles[7] == "observer"
    assert set(roles[sid] for sid in range(1, 7)) == set(["participant"])


def test_observers_count_as_servers_but_not_as_voters():
    result = preflight.plan(seven(zk7={"quorum_group": None, "peer_type": "observer"}), {}, HOSTS)
    assert (result["size"], result["voters"]) == (7, 6)
    # Six voters are an even ensemble: the warning counts voters, not servers.
    assert any("ensemble of 6 voter(s)" in warning for warning in result["warnings"])


def test_without_observers_every_server_votes():
    result = preflight.plan(seven(), {}, HOSTS)
    assert (result["size"], result["voters"]) == (7, 7)
    assert not any("voter(s)" in warning for warning in result["warnings"])


@pytest.mark.parametrize("overrides, expected", [
    ({"zk7": {"quorum_group": None}}, ["zk7", "zookeeper_room"]),
    ({"zk4": {"weight": "heavy"}}, ["zk4", "zookeeper_weight"]),
    ({"zk2": {"peer_type": "witness"}}, ["zk2", "zookeeper_peer_type", "participant or observer"]),
])
def test_problems_name_the_host_and_the_variable(overrides, expected):
    result = preflight.plan(seven(**overrides), {}, HOSTS)
    assert result["quorum_groups"] == {}
    joined = "\n".join(result["problems"])
    for fragment in expected:
        assert fragment in joined
