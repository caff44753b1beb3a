# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    group_has_majority,
    has_quorum,
    hierarchical_groups_held,
    hierarchical_has_quorum,
    hierarchical_quorum_groups,
    hierarchical_room_loss_spare,
    hierarchical_spare,
    quorum_size,
    remaining_failures,
    size_warnings,
    spare_voters,
    tolerated_failures,
)


# voters, quorum, tolerated failures: 2F+1 servers tolerate F.
TABLE = [
    (1, 1, 0),
    (2, 2, 0),
    (3, 2, 1),
    (4, 3, 1),
    (5, 3, 2),
    (6, 4, 2),
    (7, 4, 3),
    (8, 5, 3),
    (9, 5, 4),
]


@pytest.mark.parametrize("voters, quorum, failures", TABLE)
def test_quorum_and_failures(voters, quorum, failures):
    assert quorum_size(voters) == quorum
    assert tolerated_failures(voters) == failures
    # Losing exactly the tolerated number keeps quorum; one more loses it.
    assert has_quorum(voters, voters - failures)
    assert not has_quorum(voters, voters - failures - 1)


@pytest.mark.parametrize("failures", [0, 1, 2, 3, 4])
def test_two_f_plus_one_tolerates_f(failures):
    assert tolerated_failures(2 * failures + 1) == failures


def test_six_servers_tolerate_no_more_than_five():
    assert tolerated_failures(6) == tolerated_failures(5) == 2
    assert quorum_size(6) > quorum_size(5)


@pytest.mark.parametrize("voters, warns", [(1, True), (2, True), (3, False), (4, True),
                                           (5, False), (6, True), (7, False), (8, True), (9, False)])
def test_size_warnings(voters, warns):
    assert bool(size_warnings(voters)) is warns


def test_six_warning_says_what_to_use():
    (warning,) = size_warnings(6)
    assert "6 voters tolerate 2" in warning
    assert "no more than 5" in warning
    assert "use 5 or 7" in warning


@pytest.mark.parametrize("voters, up, remaining", [(5, 5, 2), (5, 4, 1), (5, 3, 0), (5, 2, 0), (3, 3, 1)])
def test_remaining_failures(voters, up, remaining):
    assert remaining_failures(voters, up) == remaining


@pytest.mark.parametrize("bad", [0, -1, True, 3.0, "3", None])
def test_rejects_bad_voter_counts(bad):
    with pytest.raises(ValueError):
        quorum_size(bad)
    with pytest.raises(ValueError):
        tolerated_failures(bad)


# ---------------------------------------------------------------- spare and hierarchical quorums

@pytest.mark.parametrize("voters, up, spare", [(7, 7, 3), (7, 4, 0), (7, 3, -1), (9, 6, 1), (1, 0, -1), (2, 2, 0)])
def test_spare_voters(voters, up, spare):
    assert spare_voters(voters, up) == spare
    assert remaining_failures(voters, up) == max(spare, 0)


def _contains_quorum(groups, up_ids):
    """ZooKeeper's QuorumHierarchical.containsQuorum(), literally: servers are (group, index) pairs."""
    if not up_ids:
        return False
    group_weight = [sum(members) for members in groups]
    num_groups = len(groups) - len([w for w in group_weight if w == 0])
    expansion = {}
    for gid, index in up_ids:
        expansion[gid] = expansion.get(gid, 0) + groups[gid][index]
    maj_group_counter = len([gid for gid, weight in expansion.items() if weight > group_weight[gid] // 2])
    return maj_group_counter > num_groups // 2


def _brute_spare(groups, up_ids):
    """With a quorum: the most voters that may fail, whichever; without: minus the fewest that must come back."""
    everyone = [(gid, index) for gid, members in enumerate(groups) for index in range(len(members))]
    if _contains_quorum(groups, up_ids):
        for fail in range(1, len(up_ids) + 1):
            if any(not _contains_quorum(groups, [s for s in up_ids if s not in gone])
                   for gone in itertools.combinations(up_ids, fail)):
                return fail - 1
        return len(up_ids)
    down = [s for s in everyone if s not in up_ids]
    for back in range(1, len(down) + 1):
        if any(_contains_quorum(groups, up_ids + list(extra)) for extra in itertools.combinations(down, back)):
            return -back
    raise AssertionError("no quorum even with every voter up")


def _hierarchies():
    """Small hierarchies: 1 to 4 groups of 0 to 3 voters with weights 0, 1 or 2, and every set of voters up."""
    cases = []
    for shape in [(3,), (1, 1), (2, 1), (1, 1, 1), (2, 2, 1), (3, 2, 2), (3, 3, 1), (2, 0, 2), (1, 1, 1, 1),
                  (2, 1, 1, 1), (3, 1, 1)]:
        for weights in itertools.islice(itertools.product((1, 0, 2), repeat=sum(shape)), 0, None, 7):
            groups, position = [], 0
            for size in shape:
                groups.append(list(weights[position:position + size]))
                position += size
            if not any(weights):
                continue
            everyone = [(gid, index) for gid, members in enumerate(groups) for index in range(len(members))]
            for mask in range(0, 1 << len(everyone), 5):
                cases.append((groups, [s for bit, s in enumerate(everyone) if mask >> bit & 1]))
    return cases


def test_hierarchical_rule_matches_zookeeper_and_a_brute_force_spare():
    cases = _hierarchies()
    assert len(cases) > 1000
    for groups, up_ids in cases:
        up = [[groups[gid][index] for g, index in up_ids if g == gid] for gid in range(len(groups))]
        assert hierarchical_has_quorum(groups, up) == _contains_quorum(groups, up_ids), (groups, up_ids)
        assert hierarchical_spare(groups, up) == _brute_spare(groups, up_ids), (groups, up_ids)


@pytest.mark.parametrize("counts", [(3, 2, 2), (3, 3, 3), (4, 4, 3), (5, 1, 1), (3, 3, 3, 3, 1), (3, 3, 3, 2, 2),
                                    (4, 3), (2, 0, 2), (1,), (2, 2, 2, 2), (1, 1, 1, 1, 1, 1, 1)])
def test_room_loss_spare_with_voters_of_weight_one(counts):
    for lost in range(len(counts)):
        groups = [[1] * count for count in counts]
        up = [[] if index == lost else members for index, members in enumerate(groups)]
        assert hierarchical_room_loss_spare(counts, lost) == hierarchical_spare(groups, up)


@pytest.mark.parametrize("counts, spares", [
    # Three groups: losing one leaves two, both needed; the cheapest to break is the smaller.
    ((3, 2, 2), [0, 0, 0]),
    ((3, 3, 3), [1, 1, 1]),
    ((5, 1, 1), [0, 0, 0]),     # any room may be lost, whatever the counts
    # Five groups: losing one leaves four, three needed: two must break.
    ((3, 3, 3, 3, 1), [2, 2, 2, 2, 3]),
    ((3, 3, 3, 2, 2), [1, 1, 1, 2, 2]),
    # Two groups: losing either stops the ensemble; a majority of the lost room must come back.
    ((4, 3), [-3, -2]),
])
def test_hierarchical_room_loss_spares(counts, spares):
    assert [hierarchical_room_loss_spare(counts, lost) for lost in range(len(counts))] == spares


@pytest.mark.parametrize("groups, up, message", [
    ([[0, 0], [0]], [[0], []], "add up to 0"),
    ([[1]], [[1], []], "up lists 2 groups but groups 1"),
    ([[1, 1]], [[2]], "not among its voters"),
    ([[1, -1]], [[1]], "whole number"),
    ("11", [[1]], "list of groups"),
])
def test_hierarchical_refuses_bad_input(groups, up, message):
    with pytest.raises(ValueError, match=message):
        hierarchical_spare(groups, up)


def test_hierarchical_quorum_groups_leaves_out_groups_without_weight():
    assert hierarchical_quorum_groups([[1], [1], [1]]) == 2
    assert hierarchical_quorum_groups([[1], [1], [0, 0], []]) == 2
    assert hierarchical_quorum_groups([[1]] * 5) == 3
    assert group_has_majority([1, 1, 1], [1, 1]) and not group_has_majority([1, 1], [1])


@pytest.mark.parametrize("groups, up, held", [
    ([[1], [1], [1]], [[1], [1], []], (2, 3)),
    ([[1, 1, 1], [1, 1], [0]], [[1, 1], [1], [0]], (1, 2)),   # a group of weight 0 is not counted
    ([[2, 1], [1, 1, 1]], [[2], [1, 1]], (2, 2)),
    ([[1, 1], [1, 1]], [[1], [1, 1]], (1, 2)),                # half of a group's weight is no majority
])
def test_hierarchical_groups_held(groups, up, held):
    assert hierarchical_groups_held(groups, up) == held
    assert hierarchical_has_quorum(groups, up) is (held[0] >= hierarchical_quorum_groups(groups))
