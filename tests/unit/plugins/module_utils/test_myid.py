# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._myid import (
    MyidError,
    plan_ids,
    read_myid,
    validate_id,
)


@pytest.mark.parametrize("value, expected", [(1, 1), (255, 255), ("1", 1), ("42", 42), ("255", 255)])
def test_validate_id_accepts(value, expected):
    assert validate_id(value) == expected


@pytest.mark.parametrize("value, message", [
    (0, "outside the valid range 1..255"),
    (256, "outside the valid range 1..255"),
    (-1, "outside the valid range 1..255"),
    ("0", "not a plain decimal number"),
    ("256", "outside the valid range 1..255"),
    ("abc", "not a plain decimal number"),
    ("O1", "not a plain decimal number"),   # letter O, not zero
    ("01", "not a plain decimal number"),
    ("+1", "not a plain decimal number"),
    (" 1", "not a plain decimal number"),
    ("1\n", "not a plain decimal number"),
    ("", "not a plain decimal number"),
    (True, "boolean"),
    (False, "boolean"),
    (1.0, "not a whole number"),
    (None, "not a whole number"),
])
def test_validate_id_rejects(value, message):
    with pytest.raises(MyidError, match=message):
        validate_id(value)


def test_validate_id_names_host_variable_and_range():
    with pytest.raises(MyidError) as info:
        validate_id(0, host="zk3")
    text = str(info.value)
    assert "zookeeper_id for host 'zk3'" in text
    assert "1 to 255" in text


@pytest.mark.parametrize("text, expected", [("1\n", 1), ("  7 \n", 7), (b"3\n", 3), ("255", 255)])
def test_read_myid(text, expected):
    assert read_myid(text) == expected


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("\n", "is empty"),
    ("O1\n", "not a plain decimal number"),
    ("1 2\n", "not a plain decimal number"),
    ("0\n", "not a plain decimal number"),
    ("300\n", "outside the valid range"),
    (b"\xff\n", "not a plain decimal number"),
])
def test_read_myid_rejects(text, message):
    with pytest.raises(MyidError, match=message):
        read_myid(text)


def test_read_myid_names_the_file():
    with pytest.raises(MyidError, match="myid file '/data/myid' is empty"):
        read_myid("", path="/data/myid")


@pytest.mark.parametrize("hosts, existing, expected", [
    (["zk1", "zk2", "zk3"], {}, {"zk1": 1, "zk2": 2, "zk3": 3}),
    # Existing ids are kept; the others get the lowest free ids in the order given.
    (["zk1", "zk2", "zk3"], {"zk2": 1}, {"zk1": 2, "zk2": 1, "zk3": 3}),
    (["zk1", "zk2", "zk3", "zk4"], {"zk1": 1, "zk3": 3}, {"zk1": 1, "zk2": 2, "zk3": 3, "zk4": 4}),
    (["c", "b", "a"], {}, {"c": 1, "b": 2, "a": 3}),
    (["zk1", "zk2"], {"zk1": 10, "zk2": "20"}, {"zk1": 10, "zk2": 20}),
    # A host that left the ensemble keeps its id reserved.
    (["zk1", "zk3"], {"zk2": 1}, {"zk1": 2, "zk3": 3}),
    ([], {"zk1": 1}, {}),
])
def test_plan_ids(hosts, existing, expected):
    result = plan_ids(hosts, existing)
    assert result == expected
    assert list(result) == hosts


def test_plan_ids_fills_up_to_255():
    hosts = ["h%d" % i for i in range(255)]
    result = plan_ids(hosts, {})
    assert sorted(result.values()) == list(range(1, 256))


@pytest.mark.parametrize("hosts, existing, message", [
    # The compose mistake: ZOO_MY_ID: 1 on all three containers.
    (["zk1", "zk2", "zk3"], {"zk1": 1, "zk2": 1, "zk3": 1}, "hosts 'zk1' and 'zk2' both have zookeeper_id 1"),
    (["zk1", "zk2"], {"zk1": 5, "old": 5}, "hosts 'zk1' and 'old' both have zookeeper_id 5"),
    (["zk1", "zk1"], {}, "host 'zk1' is listed twice"),
    (["h%d" % i for i in range(256)], {}, "256 hosts"),
    (["h%d" % i for i in range(255)], {"gone": 1}, "no free zookeeper_id for host 'h254'"),
    (["zk1"], {"zk1": 0}, "zookeeper_id for host 'zk1' is 0"),
    (["zk1"], {"zk1": "O1"}, "zookeeper_id for host 'zk1' is 'O1'"),
    (["zk1", ""], {}, "non-empty name"),
])
def test_plan_ids_rejects(hosts, existing, message):
    with pytest.raises(MyidError, match=message):
        plan_ids(hosts, existing)
