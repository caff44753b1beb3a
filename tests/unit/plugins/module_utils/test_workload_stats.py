# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The workload's latency figures (nearest-rank percentiles in ms) and the longest stall."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._workload import latency_stats, longest_stall


def test_no_acknowledged_write_has_no_percentiles():
    assert latency_stats([]) == {"p50": None, "p99": None, "max": None, "count": 0}


def test_one_write_is_every_percentile():
    assert latency_stats([0.0042]) == {"p50": 4.2, "p99": 4.2, "max": 4.2, "count": 1}


@pytest.mark.parametrize("count", [2, 10, 99, 100, 101, 1000, 4321])
def test_nearest_rank_against_a_sorted_list(count):
    # Seconds 0.001 .. count/1000 in a shuffled order: the rank of p is ceil(p * count).
    latencies = [(i * 7919 % count + 1) / 1000.0 for i in range(count)]
    assert sorted(latencies) == [(i + 1) / 1000.0 for i in range(count)]
    stats = latency_stats(latencies)
    expected_p50 = -(-50 * count // 100)
    expected_p99 = -(-99 * count // 100)
    assert stats == {"p50": float(expected_p50), "p99": float(expected_p99), "max": float(count), "count": count}


def test_one_stalled_write_shows_in_max_not_in_p50():
    stats = latency_stats([0.002] * 199 + [1.8])
    assert stats["p50"] == 2.0
    assert stats["p99"] == 2.0
    assert stats["max"] == 1800.0


def test_longest_stall_counts_the_start_and_the_stop():
    assert longest_stall(10.0, [10.1, 10.2, 13.0], 13.5) == (pytest.approx(2.8), 10.2, 13.0)
    assert longest_stall(10.0, [], 12.0) == (2.0, 10.0, 12.0)
