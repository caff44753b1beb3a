# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.zkops.ensemble.plugins.modules import placement_plan

PLAN_KEYS = {"layouts", "layouts_total", "plans", "source_plans", "source_plans_total", "plan", "assignment",
             "quorum_rule", "quorum_size", "tolerated_failures", "spare_after_room_loss", "survives_room_loss",
             "fatal_room_losses", "rooms", "better_layout", "summary"}


def _run(capsys, **args):
    """Run the module for real; return (failed, result)."""
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            placement_plan.main()
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert bool(info.value.code) == bool(result.get("failed"))
    result["_stderr"] = captured.err
    return bool(result.get("failed")), result


def _warnings(result):
    """Warning texts.

    ansible-core 2.19 serialises each warning as a WarningSummary dict, or, once controller code
    (ansible.errors, ...) has been imported into the test process, prints it to stderr instead.
    """
    texts = []
    for warning in result.get("warnings", []):
        texts.append(warning["event"]["msg"] if isinstance(warning, dict) else warning)
    texts.extend(line[len("[WARNING]: "):] for line in result["_stderr"].splitlines()
                 if line.startswith("[WARNING]: "))
    return texts


@pytest.mark.parametrize("check_mode", [False, True])
def test_seven_in_three_rooms(capsys, check_mode):
    failed, result = _run(capsys, size=7, rooms=["dc1", "dc2", "dc3"], _ansible_check_mode=check_mode)
    assert not failed
    assert result["changed"] is False
    assert PLAN_KEYS <= set(result)
    assert result["plans"] == [[3, 2, 2], [3, 3, 1]]
    assert result["source_plans"] == [[3, 1, 3], [3, 2, 2]]
    assert result["plan"] == [3, 2, 2]
    assert result["spare_after_room_loss"] == 0
    assert result["fatal_room_losses"] == []
    assert _warnings(result) == []


def test_even_size_warns(capsys):
    failed, result = _run(capsys, size=8, rooms=["a", "b", "c"])
    assert not failed
    assert result["plan"] == [3, 3, 2]
    assert any("use 7 or 9" in w for w in _warnings(result))


def test_two_rooms_warns_which_loss_is_fatal(capsys):
    failed, result = _run(capsys, size=7, rooms=["dc1", "dc2"], primary_room="dc1")
    assert not failed
    assert result["plan"] == [4, 3]
    assert result["survives_room_loss"] == {"dc1": False, "dc2": True}
    assert result["fatal_room_losses"] == ["dc1"]
    assert any("losing room 'dc1' (4 of 7 voters) stops the ensemble" in w for w in _warnings(result))


def test_rooms_and_summary_of_a_checked_two_room_layout(capsys):
    hosts = [{"name": "zk1", "room": "dc1"}, {"name": "zk2", "room": "dc2"}, {"name": "zk3", "room": "dc1"}]
    failed, result = _run(capsys, hosts=hosts, primary_room="dc1")
    assert not failed
    assert result["rooms"] == {
        "dc1": {"voters": 2, "hosts": ["zk1", "zk3"], "survives": False, "left_after_loss": 1,
                "spare_after_room_loss": -1},
        "dc2": {"voters": 1, "hosts": ["zk2"], "survives": True, "left_after_loss": 2, "spare_after_room_loss": 0},
    }
    assert result["summary"] == [
        "Room plan (voters per room): dc1=2, dc2=1; quorum 2 of 3",
        "room dc1 lost -> QUORUM LOST (the ensemble stops); 1 voter left, 1 short of a quorum",
        "room dc2 lost -> quorum kept (survives); 2 voters left, 0 spare",
        "WARNING: losing room(s) dc1 stops the ensemble (no writes, no reads) until enough of its servers are back",
        "Advice: a third site holding a single voter survives the loss of either main room: 3 voters as dc1=1, "
        "dc2=1 and 1 voter in a third room (zookeeper_rooms)",
    ]


def test_assigns_hosts(capsys):
    hosts = [{"name": "zk%d" % i} for i in range(1, 6)]
    failed, result = _run(capsys, hosts=hosts, rooms=["a", "b", "c"])
    assert not failed
    assert result["plan"] == [2, 2, 1]
    assert result["assignment"] == {"zk1": "a", "zk2": "a", "zk3": "b", "zk4": "b", "zk5": "c"}
    assert result["quorum_size"] == 3
    assert result["tolerated_failures"] == 2


@pytest.mark.parametrize("args, message", [
    (dict(size=4, rooms=["a", "b", "c"]), "4 servers cannot be spread over 3 rooms"),
    (dict(size=7, rooms=["a", "b"]), "primary_room"),
    (dict(hosts=[{"name": "zk1", "room": "a"}, {"name": "zk2", "room": "a"},
                 {"name": "zk3", "room": "b"}, {"name": "zk4", "room": "c"}]),
     "room 'a' (zookeeper_room) holds 2 of 4 voters (zk1, zk2)"),
    (dict(rooms=["a", "b", "c"]), "one of the following is required: size, hosts"),
    (dict(hosts=[{"room": "a"}]), "missing required arguments: name"),
])
def test_failures(capsys, args, message):
    failed, result = _run(capsys, **args)
    assert failed
    assert message in result["msg"]


def test_nine_in_three_rooms_keeps_one_spare(capsys):
    failed, result = _run(capsys, size=9, rooms=["a", "b", "c"])
    assert not failed
    assert result["plan"] == [3, 3, 3]
    assert result["spare_after_room_loss"] == 1
    assert result["source_plans"] == [[4, 1, 4], [4, 2, 3]]
    assert [layout["spare_after_room_loss"] for layout in result["layouts"]] == [1, 0, 0]


def test_a_checked_layout_is_told_the_better_one(capsys):
    rooms = "aaaabbbbc"
    hosts = [{"name": "zk%d" % (i + 1), "room": room} for i, room in enumerate(rooms)]
    failed, result = _run(capsys, hosts=hosts)
    assert not failed
    assert result["plan"] == [4, 4, 1]
    assert result["spare_after_room_loss"] == 0
    assert result["better_layout"]["counts"] == [3, 3, 3]
    assert result["better_layout"]["moves"] == [{"host": "zk4", "from": "a", "to": "c"},
                                                {"host": "zk8", "from": "b", "to": "c"}]
    assert ("Better layout: a=3, b=3, c=3 keeps 1 spare after the worst room loss (this one 0): move zk4 from a to c "
            "(zookeeper_room: c) and zk8 from b to c (zookeeper_room: c)") in result["summary"]


def test_hierarchical_quorum_with_weights(capsys):
    # Under hierarchical quorums a room of 4 of 7 may be lost: the two other groups are a majority of 3.
    hosts = [{"name": "zk%d" % (i + 1), "room": room, "weight": 2 if i == 4 else 1} for i, room in enumerate("aaaabbc")]
    failed, result = _run(capsys, hosts=hosts, hierarchical_quorum=True)
    assert not failed
    assert result["quorum_rule"] == "hierarchical"
    assert result["fatal_room_losses"] == []
    # Losing a leaves b (weights 2, 1) and c (1): c falls with one voter, b with zk5 (weight 2): 0 spare.
    assert result["rooms"]["a"] == {"voters": 4, "hosts": ["zk1", "zk2", "zk3", "zk4"], "survives": True,
                                    "left_after_loss": 3, "spare_after_room_loss": 0}
    assert result["summary"][0] == ("Room plan (voters per room): a=4, b=2, c=1; hierarchical quorum: 2 of 3 groups "
                                    "(one per room), each by a majority of its weight")
    # Weights other than 1: no better layout is searched (the search counts each voter with weight 1).
    assert result["better_layout"] is None
    assert ("Spare after the worst room loss: 0 (with the voters' weights; the better layouts are only searched with "
            "every weight 1)") in result["summary"]


def test_more_than_255_voters_are_refused(capsys):
    failed, result = _run(capsys, size=256, rooms=["a", "b", "c"])
    assert failed
    assert "256 voters cannot be planned: ZooKeeper server ids (zookeeper_id, myid) go from 1 to 255" in result["msg"]


def test_255_voters_in_nine_rooms_answer_at_once(capsys):
    failed, result = _run(capsys, size=255, rooms=["r%d" % i for i in range(9)])
    assert not failed
    assert result["plan"] == [29, 29, 29, 28, 28, 28, 28, 28, 28]
    assert result["spare_after_room_loss"] == 255 - 29 - 128
    assert len(result["layouts"]) == 20
    assert result["layouts_total"] == 1752563465
    assert len(result["source_plans"]) == 20
