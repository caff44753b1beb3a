# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._placement import (
    PlacementError,
    _closest,
    _moves,
    assign_hosts,
    most_balanced,
    plan,
    room_plans,
    survives_room_loss,
    two_room_plan,
)


def _source_three_rooms(n):
    """The source document's algorithm, literally (Java integer division)."""
    n1 = (n - 1) // 2
    plans = []
    for n2 in range(1, (n - n1) // 2 + 1):
        n3 = n - n1 - n2
        if n3 < n1 + n2:
            plans.append((n1, n2, n3))
    return plans


def _hosts(count, rooms=None):
    return [dict(name="zk%d" % (i + 1), **({"room": rooms[i]} if rooms else {})) for i in range(count)]


@pytest.mark.parametrize("size, rooms, expected", [
    (7, 3, [(3, 1, 3), (3, 2, 2)]),   # the source document's example
    (8, 3, [(3, 2, 3)]),              # N=8: N1=3, N2 in 1..2, only N2=2 gives N3 < N1+N2
    (4, 3, []),
    (5, 3, [(2, 1, 2)]),
    (9, 3, [(4, 1, 4), (4, 2, 3)]),
    (3, 3, [(1, 1, 1)]),
    (1, 3, []),
    (2, 3, []),
    (7, 4, [(3, 1, 1, 2)]),
    (5, 4, [(2, 1, 1, 1)]),
    (3, 4, []),
])
def test_room_plans(size, rooms, expected):
    assert room_plans(size, rooms) == expected


@pytest.mark.parametrize("size", range(1, 31))
def test_room_plans_match_the_source_algorithm(size):
    assert room_plans(size, 3) == _source_three_rooms(size)


@pytest.mark.parametrize("size, rooms", [(n, k) for n in range(1, 31) for k in (3, 4, 5)])
def test_every_plan_survives_any_room_loss(size, rooms):
    for counts in room_plans(size, rooms):
        assert sum(counts) == size
        assert min(counts) >= 1
        assert all(survives_room_loss(dict(enumerate(counts))).values())


@pytest.mark.parametrize("size, rooms", [(7, 2), (7, 1), (7, True), (0, 3), (-1, 3), ("7", 3), (True, 3)])
def test_room_plans_rejects_bad_input(size, rooms):
    with pytest.raises(PlacementError):
        room_plans(size, rooms)


@pytest.mark.parametrize("plans, expected", [
    ([(3, 1, 3), (3, 2, 2)], (3, 2, 2)),
    ([(4, 1, 4), (4, 2, 3)], (4, 2, 3)),
    ([(2, 1, 2)], (2, 1, 2)),
    ([(1, 3), (3, 1)], (1, 3)),  # first on ties
])
def test_most_balanced(plans, expected):
    assert most_balanced(plans) == expected


def test_most_balanced_of_nothing():
    with pytest.raises(PlacementError):
        most_balanced([])


@pytest.mark.parametrize("size, expected", [(7, (4, 3)), (5, (3, 2)), (6, (4, 2)), (3, (2, 1)), (1, (1, 0))])
def test_two_room_plan(size, expected):
    assert two_room_plan(size) == expected


@pytest.mark.parametrize("counts, expected", [
    ({"dc1": 4, "dc2": 3}, {"dc1": False, "dc2": True}),
    ({"a": 3, "b": 2, "c": 2}, {"a": True, "b": True, "c": True}),
    ({"a": 2, "b": 2}, {"a": False, "b": False}),
    ({"a": 3}, {"a": False}),
    ({"a": 4, "b": 2, "c": 1}, {"a": False, "b": True, "c": True}),
])
def test_survives_room_loss(counts, expected):
    assert survives_room_loss(counts) == expected


@pytest.mark.parametrize("hosts, rooms, counts, expected", [
    (["h1", "h2", "h3", "h4", "h5", "h6", "h7"], ["a", "b", "c"], [3, 2, 2],
     {"h1": "a", "h2": "a", "h3": "a", "h4": "b", "h5": "b", "h6": "c", "h7": "c"}),
    (["z", "y", "x"], ["r1", "r2"], [2, 1], {"z": "r1", "y": "r1", "x": "r2"}),
    (["z", "y", "x"], ["r1", "r2"], [0, 3], {"z": "r2", "y": "r2", "x": "r2"}),
])
def test_assign_hosts(hosts, rooms, counts, expected):
    assert assign_hosts(hosts, rooms, counts) == expected
    # In the hosts' order, whatever their names: not sorted.
    assert list(assign_hosts(hosts, rooms, counts)) == hosts
    # Deterministic: called again, on copies, the same literal answer; the inputs are left untouched.
    given = (list(hosts), list(rooms), list(counts))
    assert assign_hosts(*given) == expected
    assert given == (hosts, rooms, counts)


@pytest.mark.parametrize("hosts, counts", [(["a", "b"], [2, 1]), (["a", "b", "c", "d"], [2, 1])])
def test_assign_hosts_needs_one_host_per_voter(hosts, counts):
    with pytest.raises(PlacementError, match="%d hosts" % len(hosts)):
        assign_hosts(hosts, ["r1", "r2"], counts)


def test_plan_seven_in_three_rooms():
    result = plan(size=7, rooms=["dc1", "dc2", "dc3"])
    # Every valid layout, best first; the source algorithm's own list, unchanged, beside it.
    assert result["plans"] == [[3, 2, 2], [3, 3, 1]]
    assert result["source_plans"] == [[3, 1, 3], [3, 2, 2]]
    assert result["plan"] == [3, 2, 2]
    assert result["spare_after_room_loss"] == 0
    assert result["assignment"] == {}
    assert result["quorum_size"] == 4
    assert result["tolerated_failures"] == 3
    assert result["survives_room_loss"] == {"dc1": True, "dc2": True, "dc3": True}
    assert result["fatal_room_losses"] == []
    assert result["warnings"] == []


def test_plan_eight_in_three_rooms_warns_about_even_size():
    result = plan(size=8, rooms=["a", "b", "c"])
    # The same layout as the source's (3, 2, 3), the largest rooms first.
    assert result["plans"] == [[3, 3, 2]]
    assert result["source_plans"] == [[3, 2, 3]]
    assert result["plan"] == [3, 3, 2]
    assert any("use 7 or 9" in w for w in result["warnings"])


def test_plan_seven_in_two_rooms():
    result = plan(size=7, rooms=["dc1", "dc2"], primary_room="dc1")
    assert result["plans"] == [[4, 3]]
    assert result["plan"] == [4, 3]
    assert result["survives_room_loss"] == {"dc1": False, "dc2": True}
    assert result["fatal_room_losses"] == ["dc1"]
    assert result["warnings"] == [
        "losing room 'dc1' (4 of 7 voters) stops the ensemble: no two-room layout survives the loss "
        "of either room; losing 'dc2' is survived; a third site holding a single voter survives the loss of either "
        "main room: 7 voters as dc1=3, dc2=3 and 1 voter in a third room (zookeeper_rooms)"]


def test_plan_two_rooms_primary_second():
    result = plan(size=7, rooms=["dc1", "dc2"], primary_room="dc2")
    assert result["plan"] == [3, 4]
    assert result["fatal_room_losses"] == ["dc2"]


def test_plan_two_rooms_assigns_primary_first_in_rooms_order():
    result = plan(hosts=_hosts(5), rooms=["east", "west"], primary_room="west")
    assert result["plan"] == [2, 3]
    assert result["assignment"] == {"zk1": "east", "zk2": "east", "zk3": "west", "zk4": "west", "zk5": "west"}


@pytest.mark.parametrize("kwargs, message", [
    (dict(size=7, rooms=["dc1", "dc2"]), "primary_room"),
    (dict(size=7, rooms=["dc1", "dc2"], primary_room="dc9"),
     "primary_room \\(zookeeper_primary_room\\) is 'dc9', not one of the rooms dc1 and dc2; set it to dc1 or dc2"),
    (dict(size=4, rooms=["a", "b", "c"]),
     "4 servers cannot be spread over 3 rooms so that any room may be lost; use 3, 5 or 7"),
    (dict(size=2, rooms=["a", "b", "c"]), "use 3 or 5"),
    (dict(size=3, rooms=["a", "b", "c", "d"]), "use 5 or 7"),
    (dict(), "give size"),
    (dict(size=7), "no rooms"),
    (dict(size=5, hosts=_hosts(3), rooms=["a", "b", "c"]), "size is 5 but 3 hosts"),
    (dict(hosts=[], rooms=["a"]), "hosts is empty"),
    (dict(size=3, rooms=["a", "a", "b"]), "rooms \\(zookeeper_rooms\\) lists room 'a' twice \\(a, a, b\\); list every room once: a, b"),
    (dict(hosts=[{"name": "zk1"}, {"name": "zk1"}, {"name": "zk2"}], rooms=["a", "b", "c"]),
     "host 'zk1' is listed twice"),
    (dict(hosts=[{"room": "a"}]), "hosts\\[0\\] has no name"),
])
def test_plan_errors(kwargs, message):
    with pytest.raises(PlacementError, match=message):
        plan(**kwargs)


def test_plan_assigns_hosts_from_the_chosen_plan():
    assignment = {"zk1": "a", "zk2": "a", "zk3": "a", "zk4": "b", "zk5": "b", "zk6": "c", "zk7": "c"}
    result = plan(hosts=_hosts(7), rooms=["a", "b", "c"])
    assert result["plan"] == [3, 2, 2]
    assert result["assignment"] == assignment
    # The whole answer, worked out by hand: N=7 -> N1=3, N2=1 (N3=3) or N2=2 (N3=2); the most balanced is
    # 3/2/2, filled in host order; 4 of 7 is a majority, so 3 may fail and any one room (at most 3) may be lost.
    # Every valid layout of 7 voters: (3, 2, 2) and (3, 3, 1), both a bare quorum after losing a room of 3.
    assert result == {
        "layouts": [{"counts": [3, 2, 2], "spare_after_room_loss": 0, "spread": 1, "left_after_loss": [4, 5, 5]},
                    {"counts": [3, 3, 1], "spare_after_room_loss": 0, "spread": 2, "left_after_loss": [4, 4, 6]}],
        "layouts_total": 2,
        "plans": [[3, 2, 2], [3, 3, 1]],
        "source_plans": [[3, 1, 3], [3, 2, 2]],
        "source_plans_total": 2,
        "plan": [3, 2, 2],
        "assignment": assignment,
        "quorum_rule": "majority",
        "quorum_size": 4,
        "tolerated_failures": 3,
        "spare_after_room_loss": 0,
        "survives_room_loss": {"a": True, "b": True, "c": True},
        "fatal_room_losses": [],
        "rooms": {"a": {"voters": 3, "hosts": ["zk1", "zk2", "zk3"], "survives": True, "left_after_loss": 4,
                        "spare_after_room_loss": 0},
                  "b": {"voters": 2, "hosts": ["zk4", "zk5"], "survives": True, "left_after_loss": 5,
                        "spare_after_room_loss": 1},
                  "c": {"voters": 2, "hosts": ["zk6", "zk7"], "survives": True, "left_after_loss": 5,
                        "spare_after_room_loss": 1}},
        "better_layout": None,
        "summary": ["Room plan (voters per room): a=3, b=2, c=2; quorum 4 of 7",
                    "room a lost -> quorum kept (survives); 4 voters left, 0 spare",
                    "room b lost -> quorum kept (survives); 5 voters left, 1 spare",
                    "room c lost -> quorum kept (survives); 5 voters left, 1 spare",
                    "Spare after the worst room loss: 0 (the most spare, then the smallest spread, of 2 valid "
                    "layouts)",
                    "Source algorithm's plans: 3/1/3, 3/2/2"],
        "warnings": [],
    }
    # Deterministic: planned again from fresh host dicts, the same literal assignment.
    assert plan(hosts=_hosts(7), rooms=["a", "b", "c"])["assignment"] == assignment


def test_plan_checks_a_good_layout():
    hosts = _hosts(5, ["a", "a", "b", "b", "c"])
    result = plan(hosts=hosts)
    assert result["plan"] == [2, 2, 1]
    assert result["plans"] == [[2, 2, 1]]
    assert result["source_plans"] == [[2, 1, 2]]
    assert result["better_layout"] is None
    assert result["assignment"] == {"zk1": "a", "zk2": "a", "zk3": "b", "zk4": "b", "zk5": "c"}
    assert result["fatal_room_losses"] == []


@pytest.mark.parametrize("layout, message", [
    # One room holding half of 4 voters: no three-room layout of 4 exists.
    ("aabc", "room 'a' \\(zookeeper_room\\) holds 2 of 4 voters \\(zk1, zk2\\), half or more.*use 3, 5 or 7"),
    # One room holding 4 of 7: a valid plan is named.
    ("aaaabbc", "room 'a' \\(zookeeper_room\\) holds 4 of 7 voters \\(zk1, zk2, zk3, zk4\\), half or more.*"
                "a: 3, b: 2, c: 2: move zk4 from a to c \\(zookeeper_room: c\\)"),
    ("abbbcc", "room 'b' \\(zookeeper_room\\) holds 3 of 6 voters"),
])
def test_plan_rejects_a_layout_with_a_heavy_room(layout, message):
    with pytest.raises(PlacementError, match=message):
        plan(hosts=_hosts(len(layout), list(layout)))


@pytest.mark.parametrize("layout, primary, ok", [
    ("aaaabbb", "a", True),
    ("aaaabbb", "b", False),
    ("aaabbb", "a", False),
])
def test_plan_checks_two_room_primary_majority(layout, primary, ok):
    hosts = _hosts(len(layout), list(layout))
    if ok:
        result = plan(hosts=hosts, primary_room=primary)
        assert result["fatal_room_losses"] == [primary]
    else:
        with pytest.raises(PlacementError, match="primary room '%s' \\(zookeeper_primary_room\\) holds .* not a majority.*: move " % primary):
            plan(hosts=hosts, primary_room=primary)


def test_plan_mixed_hosts_name_the_ones_without_room():
    hosts = [{"name": "zk1", "room": "a"}, {"name": "zk2"}, {"name": "zk3", "room": "c"}, {"name": "zk4"}]
    with pytest.raises(PlacementError, match="zk2, zk4: no room \\(zookeeper_room\\) while zk1, zk3 have one"):
        plan(hosts=hosts)


def test_plan_host_room_not_in_rooms():
    with pytest.raises(PlacementError, match="zk3: room \\(zookeeper_room\\) is 'z', not one of the rooms \\(zookeeper_rooms\\) a, b, c; "
                       "set zookeeper_room to one of those rooms, or add 'z' to zookeeper_rooms"):
        plan(hosts=_hosts(3, ["a", "b", "z"]), rooms=["a", "b", "c"])


def test_plan_one_room():
    result = plan(size=3, rooms=["only"])
    assert result["plan"] == [3]
    assert result["survives_room_loss"] == {"only": False}
    assert result["fatal_room_losses"] == ["only"]
    assert any("losing that room stops the ensemble" in w for w in result["warnings"])


def test_plan_primary_room_ignored_with_three_rooms():
    result = plan(size=5, rooms=["a", "b", "c"], primary_room="a")
    assert result["plan"] == [2, 2, 1]
    assert any("primary_room is only used with two rooms" in w for w in result["warnings"])


# ---------------------------------------------------------------- rooms and the operator's summary

FATAL_TWO = ("WARNING: losing room(s) dc1 stops the ensemble (no writes, no reads) until enough of its servers "
             "are back")
KEPT = "quorum kept (survives); "
LOST = "QUORUM LOST (the ensemble stops); "


def _advice(voters, first, second):
    return ("Advice: a third site holding a single voter survives the loss of either main room: %d voters as %s=%d, "
            "%s=%d and 1 voter in a third room (zookeeper_rooms)" % (voters, first, voters // 2, second, voters // 2))


@pytest.mark.parametrize("kwargs, rooms, summary", [
    # three rooms planned from a size: no hosts to name, every loss survived
    (dict(size=3, rooms=["a", "b", "c"]),
     {"a": {"voters": 1, "hosts": [], "survives": True, "left_after_loss": 2, "spare_after_room_loss": 0},
      "b": {"voters": 1, "hosts": [], "survives": True, "left_after_loss": 2, "spare_after_room_loss": 0},
      "c": {"voters": 1, "hosts": [], "survives": True, "left_after_loss": 2, "spare_after_room_loss": 0}},
     ["Room plan (voters per room): a=1, b=1, c=1; quorum 2 of 3",
      "room a lost -> " + KEPT + "2 voters left, 0 spare", "room b lost -> " + KEPT + "2 voters left, 0 spare",
      "room c lost -> " + KEPT + "2 voters left, 0 spare",
      "Spare after the worst room loss: 0 (the most spare, then the smallest spread, of 1 valid layout)",
      "Source algorithm's plans: 1/1/1"]),
    # two rooms: the primary holds the majority and its loss is fatal
    (dict(size=7, rooms=["dc1", "dc2"], primary_room="dc1"),
     {"dc1": {"voters": 4, "hosts": [], "survives": False, "left_after_loss": 3, "spare_after_room_loss": -1},
      "dc2": {"voters": 3, "hosts": [], "survives": True, "left_after_loss": 4, "spare_after_room_loss": 0}},
     ["Room plan (voters per room): dc1=4, dc2=3; quorum 4 of 7",
      "room dc1 lost -> " + LOST + "3 voters left, 1 short of a quorum", "room dc2 lost -> " + KEPT + "4 voters left, 0 spare",
      FATAL_TWO, _advice(7, "dc1", "dc2")]),
    # a checked layout: rooms in order of first appearance, hosts in the order given
    (dict(hosts=[{"name": "zk3", "room": "b"}, {"name": "zk1", "room": "a"}, {"name": "zk2", "room": "b"},
                 {"name": "zk5", "room": "c"}, {"name": "zk4", "room": "a"}]),
     {"b": {"voters": 2, "hosts": ["zk3", "zk2"], "survives": True, "left_after_loss": 3, "spare_after_room_loss": 0},
      "a": {"voters": 2, "hosts": ["zk1", "zk4"], "survives": True, "left_after_loss": 3, "spare_after_room_loss": 0},
      "c": {"voters": 1, "hosts": ["zk5"], "survives": True, "left_after_loss": 4, "spare_after_room_loss": 1}},
     ["Room plan (voters per room): b=2, a=2, c=1; quorum 3 of 5",
      "room b lost -> " + KEPT + "3 voters left, 0 spare", "room a lost -> " + KEPT + "3 voters left, 0 spare",
      "room c lost -> " + KEPT + "4 voters left, 1 spare",
      "Spare after the worst room loss: 0 (no layout of 5 voters over 3 rooms keeps more)",
      "Source algorithm's plans: 2/1/2"]),
    # hosts assigned over two rooms, secondary room first in rooms order
    (dict(hosts=_hosts(3), rooms=["dc2", "dc1"], primary_room="dc1"),
     {"dc2": {"voters": 1, "hosts": ["zk1"], "survives": True, "left_after_loss": 2, "spare_after_room_loss": 0},
      "dc1": {"voters": 2, "hosts": ["zk2", "zk3"], "survives": False, "left_after_loss": 1,
              "spare_after_room_loss": -1}},
     ["Room plan (voters per room): dc2=1, dc1=2; quorum 2 of 3",
      "room dc2 lost -> " + KEPT + "2 voters left, 0 spare",
      "room dc1 lost -> " + LOST + "1 voter left, 1 short of a quorum", FATAL_TWO, _advice(3, "dc2", "dc1")]),
    # one room: its loss is the end
    (dict(size=3, rooms=["only"]),
     {"only": {"voters": 3, "hosts": [], "survives": False, "left_after_loss": 0, "spare_after_room_loss": -2}},
     ["Room plan (voters per room): only=3; quorum 2 of 3",
      "room only lost -> " + LOST + "0 voters left, 2 short of a quorum",
      "WARNING: losing room(s) only stops the ensemble (no writes, no reads) until enough of its servers are back"]),
])
def test_plan_rooms_and_summary(kwargs, rooms, summary):
    result = plan(**kwargs)
    assert result["rooms"] == rooms
    assert list(result["rooms"]) == list(rooms)
    assert result["summary"] == summary


@pytest.mark.parametrize("layout, rooms, primary, message", [
    # The heavy room, its hosts, the layout to use and the moves that reach it.
    ("aaabc", None, None,
     "room 'a' (zookeeper_room) holds 3 of 5 voters (zk1, zk2, zk3), half or more, so losing it stops the ensemble; "
     "for 5 voters in 3 rooms use a: 2, b: 2, c: 1: move zk3 from a to b (zookeeper_room: b)"),
    # Two moves out of one room; the layout the fewest moves away (a plan's counts in any room order).
    ("aaaaabc", None, None,
     "room 'a' (zookeeper_room) holds 5 of 7 voters (zk1, zk2, zk3, zk4, zk5), half or more, so losing it stops "
     "the ensemble; for 7 voters in 3 rooms use a: 3, b: 2, c: 2: move zk4 from a to b (zookeeper_room: b) and "
     "zk5 from a to c (zookeeper_room: c)"),
    ("bbbbcca", ["a", "b", "c"], None,
     "room 'b' (zookeeper_room) holds 4 of 7 voters (zk1, zk2, zk3, zk4), half or more, so losing it stops the "
     "ensemble; for 7 voters in 3 rooms use a: 2, b: 3, c: 2: move zk4 from b to a (zookeeper_room: a)"),
    ("aabbb", None, "a",
     "primary room 'a' (zookeeper_primary_room) holds 2 of 5 voters (zk1, zk2), not a majority; put 3 voters there "
     "(a: 3, b: 2): move zk5 from b to a (zookeeper_room: a)"),
    ("aabbb", None, "dc3",
     "zk1, zk2, zk3, zk4, zk5: primary_room (zookeeper_primary_room) is 'dc3', not one of the rooms a (zk1, zk2) "
     "and b (zk3, zk4, zk5); set it to a or b"),
    ("aabbc", None, "dc3",
     "zk1, zk2, zk3, zk4, zk5: primary_room (zookeeper_primary_room) is 'dc3', not one of the rooms a (zk1, zk2), "
     "b (zk3, zk4) and c (zk5); set it to one of them or drop it"),
    ("aabbb", None, None,
     "zk1, zk2, zk3, zk4, zk5: two rooms, a (zk1, zk2) and b (zk3, zk4, zk5), need primary_room "
     "(zookeeper_primary_room): no two-room layout survives the loss of either room, so set it to the more reliable "
     "room, a or b, and that room gets the majority"),
])
def test_plan_refusals_name_the_hosts_the_variable_and_the_moves(layout, rooms, primary, message):
    with pytest.raises(PlacementError) as caught:
        plan(hosts=_hosts(len(layout), list(layout)), rooms=rooms, primary_room=primary)
    assert str(caught.value) == message


@pytest.mark.parametrize("layout, rooms", [
    ("aaabc", "abc"), ("aaaaabc", "abc"), ("bbbbcca", "abc"), ("aaaaaaabbc", "abcd"), ("aaaaaaaaab", "abc"),
])
def test_the_suggested_moves_reach_a_layout_that_survives_a_room_loss(layout, rooms):
    named = [("zk%d" % (i + 1), room) for i, room in enumerate(layout)]
    counts = [layout.count(room) for room in rooms]
    target = _closest(counts)
    moved = dict(named)
    for name, source, room in _moves(named, list(rooms), target):
        assert moved[name] == source
        moved[name] = room
    after = dict((room, list(moved.values()).count(room)) for room in rooms)
    assert [after[room] for room in rooms] == target
    assert all(survives_room_loss(after).values())
