# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place that knows ZooKeeper's majority arithmetic.

Only voters (participants) count: observers neither vote nor form a quorum.
With hierarchical quorums (``group.N`` / ``weight.N``) a set of voters is a
quorum when it holds more than half the weight of each of a majority of the
groups whose weight is not zero (ZooKeeper's QuorumHierarchical).
Pure functions, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Dict, Iterable, List, Optional, Tuple

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


def _hierarchy(groups, weights):
    """[(total weight, [weights of its voters by id])] of every group whose weight is not zero."""
    if not isinstance(groups, dict) or not groups:
        raise ValueError("hierarchical quorum groups must be a non-empty dict group -> voter ids, got %r" % (groups,))
    weights = weights or {}
    counted = []
    seen = set()
    for gid in sorted(groups, key=str):
        members = {}
        for sid in groups[gid] or []:
            if sid in seen:
                raise ValueError("voter %r is in more than one hierarchical quorum group" % (sid,))
            seen.add(sid)
            weight = weights.get(sid, 1)
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ValueError("the weight of voter %r must be a whole number >= 0, got %r" % (sid, weight))
            members[sid] = weight
        total = sum(members.values())
        if total > 0:  # ZooKeeper leaves groups of weight 0 out of the count
            counted.append((total, members))
    if not counted:
        raise ValueError("every hierarchical quorum group has weight 0: no set of voters can form a quorum")
    return counted


def hierarchical_groups_needed(groups: Dict, weights: Optional[Dict] = None) -> int:
    """How many groups (of those whose weight is not zero) a hierarchical quorum needs: a majority of them."""
    return quorum_size(len(_hierarchy(groups, weights)))


def _group_costs(groups, weights, up):
    """(groups holding a weight majority, [voters to lose to take each of them below it, cheapest first])."""
    up = set(up or ())
    costs = []
    for total, members in _hierarchy(groups, weights):
        up_weights = sorted((w for sid, w in members.items() if sid in up), reverse=True)
        if not has_quorum(total, sum(up_weights)):
            continue
        lost, left = 0, sum(up_weights)
        for weight in up_weights:  # the heaviest first: the fewest voters to lose
            if not has_quorum(total, left):
                break
            left -= weight
            lost += 1
        costs.append(lost)
    return len(costs), sorted(costs)


def hierarchical_has_quorum(groups: Dict, weights: Optional[Dict], up: Iterable) -> bool:
    """Whether the voters ``up`` (ids) form a quorum of the hierarchical ``groups`` (group -> voter ids)
    with ``weights`` (voter id -> weight, default 1)."""
    held, _costs = _group_costs(groups, weights, up)
    return held >= hierarchical_groups_needed(groups, weights)


def hierarchical_remaining_failures(groups: Dict, weights: Optional[Dict], up: Iterable) -> int:
    """How many more voters of ``up`` may fail, whichever they are, with the rest still a hierarchical quorum.

    0 when the voters up are exactly at quorum or have already lost it.
    """
    held, costs = _group_costs(groups, weights, up)
    needed = hierarchical_groups_needed(groups, weights)
    if held < needed:
        return 0
    # The quorum breaks once held - needed + 1 groups fall below their weight majority.
    return sum(costs[:held - needed + 1]) - 1


def hierarchical_groups_held(groups: Dict, weights: Optional[Dict], up: Iterable) -> Tuple[int, int]:
    """(groups in which ``up`` holds a weight majority, groups whose weight is not zero)."""
    held, _costs = _group_costs(groups, weights, up)
    return held, len(_hierarchy(groups, weights))
