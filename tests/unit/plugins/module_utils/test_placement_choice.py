# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layout placement_plan chooses, against a brute force over every composition of N voters into K rooms.

Independent of the search in _placement.py: the compositions are listed one by one, a room loss is judged by
the plain majority count or by ZooKeeper's hierarchical rule (_quorum.hierarchical_spare, itself tested against
a literal containsQuorum()), and the source document's algorithm is written out again here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._placement import (
    LIST_LIMIT,
    PlacementError,
    best_layouts,
    count_partitions,
    layout_count,
    plan,
    room_plans,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import hierarchical_spare

SIZES = range(1, 26)
ROOM_COUNTS = range(2, 6)
TABLE = [(size, rooms) for size in SIZES for rooms in ROOM_COUNTS]


def _compositions(total, parts):
    """Every ordered tuple of ``parts`` counts >= 1 adding up to ``total``."""
    if parts == 1:
        yield (total,)
        return
    for first in range(1, total - parts + 2):
        for rest in _compositions(total - first, parts - 1):
            yield (first,) + rest


@functools.lru_cache(maxsize=None)
def _spares(layout, rule):
    """Per room (of a layout sorted largest first), the voters to spare after losing it, worked out plainly."""
    total = sum(layout)
    if rule == "majority":
        quorum = total // 2 + 1
        return tuple(total - count - quorum for count in layout)
    groups = [[1] * count for count in layout]
    return tuple(hierarchical_spare(groups, [[] if index == lost else members for index, members in enumerate(groups)])
                 for lost in range(len(layout)))


def _spare(counts, rule):
    return min(_spares(tuple(sorted(counts, reverse=True)), rule))


def _valid(size, room_count, rule):
    """Every valid composition: each room at least one voter, each room's loss leaving a quorum."""
    return [counts for counts in _compositions(size, room_count) if _spare(counts, rule) >= 0]


def _source(size, room_count):
    """The source document's algorithm: N1 = (N-1)//2, the others at least 1, non-decreasing, each < N/2.

    For three rooms, literally (N2 in 1..(N-N1)//2, N3 = N-N1-N2 < N1+N2); for more, the same rule picked out of
    every composition.
    """
    n1 = (size - 1) // 2
    if room_count == 3:
        return [(n1, n2, size - n1 - n2) for n2 in range(1, (size - n1) // 2 + 1) if size - n1 - n2 < n1 + n2]
    if n1 < 1 or size - n1 < room_count - 1:
        return []
    return sorted((n1,) + rest for rest in _compositions(size - n1, room_count - 1)
                  if list(rest) == sorted(rest) and 2 * max(rest) < size)


def _rooms(room_count):
    return ["r%d" % index for index in range(1, room_count + 1)]


@pytest.mark.parametrize("rule", ["majority", "hierarchical"])
@pytest.mark.parametrize("size, room_count", TABLE)
def test_the_chosen_plan_keeps_the_most_spare_then_the_least_spread(size, room_count, rule):
    rooms = _rooms(room_count)
    kwargs = dict(size=size, rooms=rooms, hierarchical_quorum=rule == "hierarchical")
    if room_count == 2:
        result = plan(primary_room="r1", **kwargs)
        # Two rooms: the primary room holds the smallest majority, and its loss is fatal.
        assert result["plan"] == [size // 2 + 1, size - size // 2 - 1]
        assert "r1" in result["fatal_room_losses"]
        assert any("a third site holding a single voter" in line for line in result["summary"])
        return
    valid = _valid(size, room_count, rule)
    if not valid:
        with pytest.raises(PlacementError, match="%d servers cannot be spread over %d rooms" % (size, room_count)):
            plan(**kwargs)
        assert layout_count(size, room_count, rule) == 0
        return
    result = plan(**kwargs)
    chosen = result["plan"]
    most = max(_spare(counts, rule) for counts in valid)
    best = [counts for counts in valid if _spare(counts, rule) == most]
    least = min(max(counts) - min(counts) for counts in best)
    assert tuple(chosen) in valid
    assert _spare(chosen, rule) == most == result["spare_after_room_loss"]
    assert max(chosen) - min(chosen) == least
    # The first room takes the largest share; ties go to the counts compared room by room, smaller first.
    assert chosen == sorted(chosen, reverse=True)
    assert tuple(chosen) == min(counts for counts in best if max(counts) - min(counts) == least
                                and list(counts) == sorted(counts, reverse=True))
    # Every room's entry agrees with the brute force.
    spares = _spares(tuple(chosen), rule)
    assert [result["rooms"][room]["spare_after_room_loss"] for room in rooms] == list(spares)
    assert [result["rooms"][room]["left_after_loss"] for room in rooms] == [size - count for count in chosen]
    assert all(result["rooms"][room]["survives"] for room in rooms)
    # The layouts: every valid multiset, in the order of choice, at most LIST_LIMIT of them.
    multisets = sorted(set(tuple(sorted(counts, reverse=True)) for counts in valid),
                       key=lambda counts: (-_spare(counts, rule), counts[0] - counts[-1], counts))
    assert result["layouts_total"] == len(multisets)
    assert result["plans"] == [list(counts) for counts in multisets[:LIST_LIMIT]]
    assert [layout["spare_after_room_loss"] for layout in result["layouts"]] == \
        [_spare(counts, rule) for counts in multisets[:LIST_LIMIT]]


@pytest.mark.parametrize("size, room_count", [(n, k) for n, k in TABLE if k >= 3])
def test_the_source_plans_are_listed_unchanged(size, room_count):
    expected = _source(size, room_count)
    assert room_plans(size, room_count) == expected
    if not _valid(size, room_count, "majority"):
        return
    result = plan(size=size, rooms=_rooms(room_count))
    assert result["source_plans"] == [list(counts) for counts in expected[:LIST_LIMIT]]
    assert result["source_plans_total"] == len(expected)
    # Every source plan leaves a bare quorum after losing its first (largest) room: no voter to spare.
    assert all(_spare(counts, "majority") == 0 for counts in expected)


@pytest.mark.parametrize("size, expected, spare, source", [
    (7, [3, 2, 2], 0, [[3, 1, 3], [3, 2, 2]]),
    (9, [3, 3, 3], 1, [[4, 1, 4], [4, 2, 3]]),
    (11, [4, 4, 3], 1, [[5, 1, 5], [5, 2, 4], [5, 3, 3]]),
    (15, [5, 5, 5], 2, [[7, 1, 7], [7, 2, 6], [7, 3, 5], [7, 4, 4]]),
])
def test_three_rooms_of_the_issue(size, expected, spare, source):
    result = plan(size=size, rooms=["a", "b", "c"])
    assert result["plan"] == expected
    assert result["spare_after_room_loss"] == spare
    assert result["source_plans"] == source
    assert "Spare after the worst room loss: %d" % spare in result["summary"][4]


@pytest.mark.parametrize("size, room_count, rule, expected, spare", [
    (9, 4, "majority", [3, 2, 2, 2], 1),
    (13, 4, "majority", [4, 3, 3, 3], 2),
    (13, 5, "majority", [3, 3, 3, 2, 2], 3),
    (25, 5, "majority", [5, 5, 5, 5, 5], 7),
    # Hierarchical: a group of 2 falls with one voter, as a group of 1 does; (3,3,3,3,1) keeps 2 spare, the
    # balanced (3,3,3,2,2) only 1.
    (13, 5, "hierarchical", [3, 3, 3, 3, 1], 2),
    (9, 3, "hierarchical", [3, 3, 3], 1),
    (255, 9, "majority", [29, 29, 29, 28, 28, 28, 28, 28, 28], 98),
    # Nine groups: after a room of 29 is lost, 5 of the 8 left are needed, so 4 must break: the three of 27 (14
    # voters each) and one of 29 (15), 57 voters; 56 may fail whichever they are.
    (255, 9, "hierarchical", [29, 29, 29, 29, 29, 29, 27, 27, 27], 56),
])
def test_more_rooms(size, room_count, rule, expected, spare):
    result = plan(size=size, rooms=_rooms(room_count), hierarchical_quorum=rule == "hierarchical")
    assert result["plan"] == expected
    assert result["spare_after_room_loss"] == spare


def test_many_rooms_for_few_voters_have_a_plan_the_source_has_not():
    result = plan(size=7, rooms=_rooms(6))
    assert result["plan"] == [2, 1, 1, 1, 1, 1]
    assert result["source_plans"] == []
    assert "Source algorithm's plans: none" in result["summary"]


@pytest.mark.parametrize("size", [256, 300, 1000])
def test_more_than_255_voters_are_refused(size):
    with pytest.raises(PlacementError, match="%d voters cannot be planned: ZooKeeper server ids \\(zookeeper_id, "
                                             "myid\\) go from 1 to 255" % size):
        plan(size=size, rooms=["a", "b", "c"])


def test_the_functions_below_plan_refuse_more_than_255_voters_too():
    message = "size is 256 voters, but ZooKeeper server ids go from 1 to 255, so an ensemble has at most 255 servers"
    for call in (lambda: room_plans(256, 3), lambda: best_layouts(256, 3), lambda: layout_count(300, 4)):
        with pytest.raises(PlacementError, match=message.replace("256", "(256|300)")):
            call()


def test_more_than_255_hosts_are_refused_naming_them():
    hosts = [{"name": "zk%d" % n} for n in range(1, 257)]
    with pytest.raises(PlacementError, match="^256 hosts are voters \\(zk1 ... zk256\\): 256 voters cannot be "
                                             "planned.*use at most 255 voters"):
        plan(hosts=hosts, rooms=["a", "b", "c"])
    assert plan(size=255, rooms=["a", "b", "c"])["plan"] == [85, 85, 85]


def _hosts(layout):
    return [{"name": "zk%d" % (index + 1), "room": room} for index, room in enumerate(layout)]


@pytest.mark.parametrize("layout, rule, better, spare, moves", [
    # Accepted (every room loss survived), told the layout with more spare and the moves to it.
    ("aaaabbbbc", "majority", [3, 3, 3], 1, [("zk4", "a", "c"), ("zk8", "b", "c")]),
    ("aaaaabbbbbccccc", "majority", None, 2, []),
    # The last hosts of a room that holds too many move.
    ("aaaaaaabbbbbbbc", "majority", [5, 5, 5], 2, [("zk6", "a", "c"), ("zk7", "a", "c"), ("zk13", "b", "c"),
                                                   ("zk14", "b", "c")]),
    # Four rooms: 9 voters as (4,3,1,1) keep 0 spare, (3,2,2,2) keep 1.
    ("aaaabbbcd", "majority", [3, 2, 2, 2], 1, [("zk4", "a", "c"), ("zk7", "b", "d")]),
    # The same spare, a smaller spread: (3,3,1) -> (3,2,2).
    ("aaabbbc", "majority", [3, 2, 2], 0, [("zk6", "b", "c")]),
    # Five rooms under hierarchical quorums: the balanced layout is not the best.
    ("aaabbbcccddee", "hierarchical", [3, 3, 3, 3, 1], 2, [("zk13", "e", "d")]),
    # Already the best.
    ("aaabbbccc", "majority", None, 1, []),
    ("aabbc", "majority", None, 0, []),
])
def test_a_given_layout_is_accepted_and_told_the_better_one(layout, rule, better, spare, moves):
    result = plan(hosts=_hosts(layout), hierarchical_quorum=rule == "hierarchical")
    assert result["fatal_room_losses"] == []
    if better is None:
        assert result["better_layout"] is None
        assert not any(line.startswith("Better layout") for line in result["summary"])
        return
    assert result["better_layout"]["counts"] == better
    assert result["better_layout"]["spare_after_room_loss"] == spare
    assert [(m["host"], m["from"], m["to"]) for m in result["better_layout"]["moves"]] == moves
    line = [text for text in result["summary"] if text.startswith("Better layout: ")]
    assert len(line) == 1 and all("%s from %s to %s (zookeeper_room: %s)" % (h, f, t, t) in line[0]
                                  for h, f, t in moves)
    # Making the moves gives the better layout, and that one is told of none.
    moved = dict((entry["name"], entry["room"]) for entry in _hosts(layout))
    for host, _source_room, room in moves:
        moved[host] = room
    again = plan(hosts=[{"name": name, "room": room} for name, room in moved.items()], rooms=list(result["rooms"]),
                 hierarchical_quorum=rule == "hierarchical")
    assert again["plan"] == better
    assert again["better_layout"] is None


@pytest.mark.parametrize("total, parts, low, high", [(n, k, lo, hi) for n in range(0, 19) for k in range(0, 5)
                                                     for lo in (0, 1, 2) for hi in (1, 3, 9)])
def test_count_partitions_counts_what_it_would_list(total, parts, low, high):
    listed = set(tuple(sorted(c)) for c in _all_tuples(total, parts, low, high))
    assert count_partitions(total, parts, low, high) == len(listed)


def _all_tuples(total, parts, low, high):
    if parts == 0:
        if total == 0:
            yield ()
        return
    for first in range(low, high + 1):
        for rest in _all_tuples(total - first, parts - 1, low, high):
            yield (first,) + rest


def test_best_layouts_for_the_largest_ensembles_answer_at_once():
    for rule in ("majority", "hierarchical"):
        for room_count in range(3, 10):
            layouts = best_layouts(255, room_count, rule)
            assert len(layouts) == LIST_LIMIT
            assert all(sum(layout) == 255 and len(layout) == room_count for layout in layouts)
