# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.topology import (
    FilterModule,
    zk_connect_string,
    zk_quorum_size,
    zk_tolerated_failures,
)


def test_filter_module_exports_every_filter():
    assert sorted(FilterModule().filters()) == [
        "zk_connect_string", "zk_quorum_size", "zk_tolerated_failures"]


@pytest.mark.parametrize("servers, kwargs, expected", [
    (["zk1", "zk2", "zk3"], {}, "zk1:2181,zk2:2181,zk3:2181"),
    (["zk1", "zk2"], {"port": 2281}, "zk1:2281,zk2:2281"),
    (["zk1"], {"port": "2281"}, "zk1:2281"),
    # The Docker compose example: three containers mapped to host ports 2181..2183.
    ([{"host": "localhost", "client_port": 2181}, {"host": "localhost", "client_port": 2182},
      {"host": "localhost", "client_port": 2183}], {}, "localhost:2181,localhost:2182,localhost:2183"),
    ([{"host": "zk1"}, {"host": "zk2", "client_port": 2182}], {}, "zk1:2181,zk2:2182"),
    (["zk1:2182", "zk2"], {}, "zk1:2182,zk2:2181"),
    (["::1", "[fe80::1]", "[fe80::2]:2190"], {}, "[::1]:2181,[fe80::1]:2181,[fe80::2]:2190"),
    ([" zk1 "], {}, "zk1:2181"),
])
def test_zk_connect_string(servers, kwargs, expected):
    assert zk_connect_string(servers, **kwargs) == expected


@pytest.mark.parametrize("servers, kwargs, message", [
    ([], {}, "empty"),
    ("zk1,zk2", {}, "expects a list of servers"),
    ({"host": "zk1"}, {}, "expects a list of servers"),
    ([{"client_port": 2181}], {}, "has no host"),
    ([""], {}, "has no host"),
    (["zk1"], {"port": 0}, "port must be a port number"),
    (["zk1"], {"port": 70000}, "port must be a port number"),
    (["zk1"], {"port": "abc"}, "port must be a port number"),
    (["zk1"], {"port": True}, "port must be a port number"),
    ([{"host": "zk1", "client_port": "x"}], {}, "client_port of server 'zk1'"),
    (["zk1:x"], {}, "the port in server 'zk1:x'"),
])
def test_zk_connect_string_errors(servers, kwargs, message):
    with pytest.raises(AnsibleFilterError, match=message):
        zk_connect_string(servers, **kwargs)


SERVERS_5_WITH_OBSERVER = [{"host": "zk%d" % i} for i in range(1, 6)] + [{"host": "obs", "role": "observer"}]


@pytest.mark.parametrize("value, quorum, failures", [
    (1, 1, 0),
    (3, 2, 1),
    (5, 3, 2),
    (6, 4, 2),
    (7, 4, 3),
    ("5", 3, 2),
    (["zk1", "zk2", "zk3"], 2, 1),
    (SERVERS_5_WITH_OBSERVER, 3, 2),  # the observer does not count
    ([{"host": "a", "role": "participant"}, {"host": "b"}, {"host": "c", "role": "observer"}], 2, 0),
])
def test_quorum_filters(value, quorum, failures):
    assert zk_quorum_size(value) == quorum
    assert zk_tolerated_failures(value) == failures


@pytest.mark.parametrize("value", [0, -3, True, None, 2.5, [], [{"host": "o", "role": "observer"}], {"a": 1}])
def test_quorum_filters_reject(value):
    with pytest.raises(AnsibleFilterError):
        zk_quorum_size(value)
    with pytest.raises(AnsibleFilterError):
        zk_tolerated_failures(value)
