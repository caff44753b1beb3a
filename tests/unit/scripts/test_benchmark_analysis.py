# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""make benchmark's analysis of the probes: whose restart is whose, steps, overhead, servers out at once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

SCRIPTS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "scripts")
sys.path.insert(0, os.path.abspath(SCRIPTS))
import benchmark  # noqa: E402  pylint: disable=wrong-import-position,import-error

# A serial restart of three servers, the leader (h3) last. h1 answered nothing for one probe while the
# leader restarted (a connection dropped in the election): a blip, not a restart of h1.
TRANSITIONS = {
    "h1": [[0.0, "follower"], [10.0, "down"], [13.0, "follower"], [30.1, "down"], [30.3, "not-serving"],
           [31.0, "follower"]],
    "h2": [[0.0, "follower"], [20.0, "down"], [24.0, "follower"], [30.2, "not-serving"], [31.2, "leader"]],
    "h3": [[0.0, "leader"], [30.0, "down"], [35.0, "follower"]],
}


def _record(strategy="rolling"):
    return {"tree": "small", "strategy": strategy, "rep": 1, "leader_before": "h3", "wall_s": 38.0,
            "settled_s": 35.0}


def test_a_blip_during_the_leaders_restart_is_an_election_not_a_restart():
    servers, elections = benchmark.classify(TRANSITIONS, ["h1", "h2", "h3"], "h3")
    assert [(s["host"], s["down_at_s"], s["synced_at_s"]) for s in servers] == [
        ("h1", 10.0, 13.0), ("h2", 20.0, 24.0), ("h3", 30.0, 35.0)]
    assert [s["order"] for s in servers] == [1, 2, 3]
    assert [s["was_leader"] for s in servers] == [False, False, True]
    assert [(e["host"], e["from_s"], e["to_s"]) for e in elections] == [("h1", 30.1, 31.0), ("h2", 30.2, 31.2)]


def test_a_server_that_did_not_restart_has_only_elections():
    servers, elections = benchmark.classify(TRANSITIONS, ["h3"], "h3")
    assert [s["host"] for s in servers] == ["h3"]
    assert len(elections) == 4


def test_overhead_is_the_step_minus_the_servers_own_restart_the_last_has_none():
    record = benchmark.analyse(_record(), TRANSITIONS, ["h1", "h2", "h3"])
    steps = [(s["host"], s.get("step_s"), s.get("overhead_s")) for s in record["servers"]]
    assert steps == [("h1", 10.0, 7.0), ("h2", 10.0, 6.0), ("h3", None, None)]
    assert record["overhead_per_server_s"] == 6.5
    assert record["startup_s"] == 10.0
    assert record["closing_s"] == 3.0  # wall 38 - the last synced at 35
    assert record["most_out_at_once"] == 1


def test_overlapping_restarts_count_as_out_at_once_and_negative_overhead():
    overlapping = {"h1": [[0.0, "follower"], [2.0, "down"], [9.0, "follower"]],
                   "h2": [[0.0, "follower"], [5.0, "down"], [12.0, "follower"]],
                   "h3": [[0.0, "leader"], [6.0, "down"], [14.0, "follower"]]}
    record = benchmark.analyse(_record("unordered"), overlapping, ["h1", "h2", "h3"])
    assert record["most_out_at_once"] == 3
    assert [s.get("overhead_s") for s in record["servers"]] == [-4.0, -6.0, None]


def test_a_handler_restart_has_no_per_server_overhead():
    together = {"h%d" % i: [[0.0, "follower"], [1.0 + i / 10.0, "down"], [9.0, "follower"]] for i in range(1, 4)}
    record = benchmark.analyse(_record("all_at_once"), together, list(together))
    assert record["overhead_per_server_s"] is None
    assert record["most_out_at_once"] == 3
    assert record["closing_s"] == 29.0


def test_the_page_shows_the_command_each_strategy_runs():
    versions = {"from": "3.8.0", "to": "3.9.3"}
    assert benchmark.strategy_command("upgrade", versions) == (
        "ansible-playbook -i INVENTORY zkops.ensemble.upgrade -e zookeeper_version=3.9.3")
    assert benchmark.strategy_command("unordered", versions) == (
        "ansible-playbook -i INVENTORY tools/benchmark/restart_unordered.yml")
    unordered = benchmark.strategy_args("unordered", versions)
    assert os.path.isfile(unordered[0]) and os.path.isabs(unordered[0])
    assert benchmark.strategy_args("room_loss", versions, "b") == [
        "zkops.ensemble.room_drill", "-e", "zookeeper_drill_room=b"]
    assert benchmark.strategy_args("rollback", versions)[-1] == "zookeeper_version=3.8.0"
