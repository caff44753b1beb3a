# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    has_quorum,
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
