# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    has_quorum,
    hierarchical_groups_held,
    hierarchical_groups_needed,
    hierarchical_has_quorum,
    hierarchical_remaining_failures,
    quorum_size,
    remaining_failures,
    size_warnings,
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


# ---------------------------------------------------------------- hierarchical quorums
# The administrator's guide's example: three groups of three, weight 1 each. A quorum needs a
# majority of the votes of a majority of the groups: two servers of each of two groups.
NINE = {1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]}


@pytest.mark.parametrize("groups, weights, up, quorum, remaining, held", [
    (NINE, None, range(1, 10), True, 3, (3, 3)),                # two groups must lose two each: 4 failures
    (NINE, None, [4, 5, 6, 7, 8, 9], True, 1, (2, 3)),         # group 1 lost: one more anywhere is fine
    (NINE, None, [4, 5, 7, 8], True, 0, (2, 3)),                # bare quorum of 4 servers out of 9
    (NINE, None, [1, 2, 3, 4, 5, 6], True, 1, (2, 3)),
    (NINE, None, [1, 4, 7, 8, 9], False, 0, (1, 3)),            # 5 of 9 up, but only one group holds a majority
    (NINE, None, [], False, 0, (0, 3)),
    # A group of weight 0 is left out of the count: both other groups are needed.
    ({1: [1, 2, 3], 2: [4, 5, 6], 3: [7]}, {7: 0}, range(1, 8), True, 1, (2, 2)),
    ({1: [1, 2, 3], 2: [4, 5, 6], 3: [7]}, {7: 0}, [1, 2, 4, 5], True, 0, (2, 2)),
    # Weighted: voter 1 (weight 3) alone holds its group's majority (3 of 5); losing it loses the group.
    ({1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]}, {1: 3}, [1, 4, 5], True, 0, (2, 3)),
    ({1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]}, {1: 3}, [1, 4, 5, 6, 7, 8], True, 1, (3, 3)),  # 1 then 7 or 8
    # Voter ids as strings (from YAML keys) work the same.
    ({"1": ["a", "b"], "2": ["c"], "3": ["d"]}, {}, ["a", "b", "c", "d"], True, 1, (3, 3)),
])
def test_hierarchical_quorum(groups, weights, up, quorum, remaining, held):
    assert hierarchical_has_quorum(groups, weights, up) is quorum
    assert hierarchical_remaining_failures(groups, weights, up) == remaining
    assert hierarchical_groups_held(groups, weights, up) == held


@pytest.mark.parametrize("groups, weights, needed", [
    (NINE, None, 2),
    ({1: [1], 2: [2], 3: [3], 4: [4], 5: [5]}, None, 3),
    ({1: [1, 2, 3], 2: [4, 5, 6], 3: [7]}, {7: 0}, 2),
])
def test_hierarchical_groups_needed(groups, weights, needed):
    assert hierarchical_groups_needed(groups, weights) == needed


def test_hierarchical_remaining_failures_is_the_smallest_breaking_loss_minus_one():
    """Brute force over every set of voters lost: the answer is the largest size that never breaks the quorum."""
    import itertools
    groups, weights = {1: [1, 2, 3], 2: [4, 5], 3: [6, 7, 8, 9]}, {1: 2, 6: 0}
    up = [1, 2, 4, 5, 6, 7, 8, 9]
    smallest = min(len(lost) for n in range(len(up) + 1) for lost in itertools.combinations(up, n)
                   if not hierarchical_has_quorum(groups, weights, set(up) - set(lost)))
    assert hierarchical_remaining_failures(groups, weights, up) == smallest - 1


@pytest.mark.parametrize("groups, weights, fragment", [
    ({}, None, "non-empty dict"),
    ([[1, 2]], None, "non-empty dict"),
    ({1: [1, 2], 2: [2, 3]}, None, "more than one"),
    ({1: [1, 2]}, {1: -1}, "whole number"),
    ({1: [1, 2]}, {1: True}, "whole number"),
    ({1: [1], 2: [2]}, {1: 0, 2: 0}, "weight 0"),
])
def test_hierarchical_rejects_bad_groups(groups, weights, fragment):
    with pytest.raises(ValueError) as err:
        hierarchical_has_quorum(groups, weights, [1])
    assert fragment in str(err.value)
