# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place that knows ZooKeeper's majority arithmetic.

Only voters (participants) count: observers neither vote nor form a quorum.
Pure functions, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import Counter
from typing import List

# ZooKeeper server ids (myid, server.N) go from MIN_SERVER_ID to MAX_SERVER_ID.
MIN_SERVER_ID = 1
MAX_SERVER_ID = 255


def _check_voters(voters):
    if isinstance(voters, bool) or not isinstance(voters, int):
        raise ValueError("the number of voters must be an integer, got %r" % (voters,))
    if voters < 1:
        raise ValueError("an ensemble needs at least one voter, got %d" % voters)
    return voters


def quorum_size(voters: int) -> int:
    """Smallest majority of ``voters``: floor(N/2) + 1."""
    return _check_voters(voters) // 2 + 1


def tolerated_failures(voters: int) -> int:
    """How many voters may fail with the rest still a majority: 2F+1 servers tolerate F."""
    return (_check_voters(voters) - 1) // 2


def size_warnings(voters: int) -> List[str]:
    """Warnings about an ensemble size; empty when the size is sensible.

    An even size tolerates no more failures than the odd size below it while
    needing a larger quorum, so it earns a warning rather than silent acceptance.
    """
    _check_voters(voters)
    warnings = []
    if voters % 2 == 0:
        warnings.append(
            "%d voters tolerate %d failure(s), no more than %d voters do, and need a quorum of %d "
            "instead of %d; use %d or %d voters"
            % (voters, tolerated_failures(voters), voters - 1, quorum_size(voters),
               quorum_size(voters - 1), voters - 1, voters + 1))
    if voters == 1:
        warnings.append("1 voter tolerates no failure: a single server is not highly available")
    return warnings


def remaining_failures(voters: int, voters_up: int) -> int:
    """How many more voters may fail now, with ``voters_up`` of ``voters`` serving.

    0 when the ensemble is exactly at quorum or has already lost it.
    """
    _check_voters(voters)
    return max(voters_up - quorum_size(voters), 0)


def has_quorum(voters: int, voters_up: int) -> bool:
    return voters_up >= quorum_size(voters)


def spare_voters(voters: int, voters_up: int) -> int:
    """Voters up beyond the quorum: how many more may fail (0 = exactly at quorum), negative when short.

    Unlike remaining_failures() it says by how much a quorum is missed: -2 means two voters short.
    """
    _check_voters(voters)
    return voters_up - quorum_size(voters)


# ---------------------------------------------------------------- hierarchical quorums
# ZooKeeper's QuorumHierarchical.containsQuorum(): a set of servers is a quorum when more than half of the
# groups that have weight (numGroups, less the groups whose weights add up to 0) are each held by more than
# half of their weight (Java's integer halves: weight > total / 2).


def _check_groups(groups, name="groups"):
    if isinstance(groups, (str, bytes, dict)) or not hasattr(groups, "__iter__"):
        raise ValueError("%s must be a list of groups, each a list of voter weights, got %r" % (name, groups))
    result = []
    for group in groups:
        if isinstance(group, (str, bytes, dict)) or not hasattr(group, "__iter__"):
            raise ValueError("%s must hold lists of voter weights, got %r" % (name, group))
        weights = list(group)
        for weight in weights:
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ValueError("a voter weight must be a whole number, 0 or more, got %r" % (weight,))
        result.append(weights)
    return result


def _check_hierarchy(groups, up):
    groups = _check_groups(groups)
    up = _check_groups(up, "up")
    if len(up) != len(groups):
        raise ValueError("up lists %d groups but groups %d; give the voters up in every group, [] for none"
                         % (len(up), len(groups)))
    for index, (members, present) in enumerate(zip(groups, up)):
        if Counter(present) - Counter(members):
            raise ValueError("group %d: the voters up (weights %s) are not among its voters (weights %s)"
                             % (index + 1, present, members))
    if not any(sum(members) for members in groups):
        raise ValueError("every group's weights add up to 0, so no set of servers is ever a quorum")
    return groups, up


def group_has_majority(weights, up_weights) -> bool:
    """Whether the voters up hold more than half of a group's weight (a group of weight 0 never does)."""
    return 2 * sum(up_weights) > sum(weights)


def _fewest_to_move(weights, needed):
    """Fewest voters (heaviest first) whose weights add up to ``needed``; None when they cannot."""
    if needed <= 0:
        return 0
    total = 0
    for count, weight in enumerate(sorted(weights, reverse=True), 1):
        total += weight
        if total >= needed:
            return count
    return None


def hierarchical_quorum_groups(groups) -> int:
    """How many groups a hierarchical quorum needs: a majority of the groups that have weight."""
    counted = len([members for members in _check_groups(groups) if sum(members) > 0])
    if counted == 0:
        raise ValueError("every group's weights add up to 0, so no set of servers is ever a quorum")
    return quorum_size(counted)


def hierarchical_has_quorum(groups, up) -> bool:
    """Whether the voters up form a quorum under ZooKeeper's hierarchical rule.

    ``groups``: per group, the weights of its voters; ``up``: per group (same order), the weights of
    the voters that are up.
    """
    groups, up = _check_hierarchy(groups, up)
    held = len([1 for members, present in zip(groups, up) if sum(members) and group_has_majority(members, present)])
    return held >= hierarchical_quorum_groups(groups)


def hierarchical_groups_held(groups, up):
    """(groups whose voters up hold a weight majority, groups that have weight): the figures behind
    hierarchical_has_quorum()."""
    groups, up = _check_hierarchy(groups, up)
    counted = [(members, present) for members, present in zip(groups, up) if sum(members)]
    return len([1 for members, present in counted if group_has_majority(members, present)]), len(counted)


def hierarchical_spare(groups, up) -> int:
    """The hierarchical counterpart of spare_voters(): with a quorum, how many more voters may fail, whichever
    they are; without one, minus the fewest voters that must come back for a quorum.

    With a quorum: the cheapest way to lose it is to take the majority from just enough of the held groups,
    each by stopping its heaviest voters; one voter fewer than that is always survived.
    """
    groups, up = _check_hierarchy(groups, up)
    needed = hierarchical_quorum_groups(groups)
    held, missing = [], []
    for members, present in zip(groups, up):
        total = sum(members)
        if not total:
            continue
        if group_has_majority(members, present):
            # Stop voters until at most half of the weight is left.
            held.append(_fewest_to_move(present, sum(present) - total // 2))
        else:
            down = list((Counter(members) - Counter(present)).elements())
            missing.append(_fewest_to_move(down, total // 2 + 1 - sum(present)))
    if len(held) >= needed:
        return sum(sorted(held)[:len(held) - needed + 1]) - 1
    return -sum(sorted(missing)[:needed - len(held)])


def hierarchical_room_loss_spare(counts, lost) -> int:
    """hierarchical_spare() when room ``lost`` of rooms holding ``counts`` voters of weight 1 is lost.

    One group per room; a room without voters is no group. Worked out directly: a group of c voters,
    all up, loses its majority when c - c//2 of them stop; a group lost whole needs a majority of its
    voters back.
    """
    counts = list(counts)
    for count in counts:
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("a room's voters must be a whole number, 0 or more, got %r" % (count,))
    groups = len([count for count in counts if count])
    if not groups:
        raise ValueError("no room holds a voter, so no set of servers is ever a quorum")
    needed = quorum_size(groups)
    held = sorted(count - quorum_size(count) + 1 for index, count in enumerate(counts) if count and index != lost)
    if len(held) >= needed:
        return sum(held[:len(held) - needed + 1]) - 1
    return -quorum_size(counts[lost])
