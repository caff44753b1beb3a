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
