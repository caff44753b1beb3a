# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""server_line and parse_server_value: the server.N lines, written and read; the host and port forms."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import (
    ZooCfgError,
    format_host,
    parse_server_value,
    port_number,
    server_line,
)


# ---------------------------------------------------------------- server_line

@pytest.mark.parametrize("server, line", [
    ({"id": 1, "host": "zk1"}, "server.1=zk1:2888:3888"),
    ({"id": "2", "host": "zk2", "quorum_port": 2889, "election_port": 3889}, "server.2=zk2:2889:3889"),
    ({"id": 3, "host": "zk3", "role": "observer"}, "server.3=zk3:2888:3888:observer"),
    ({"id": 1, "host": "zk1", "client_port": 2181}, "server.1=zk1:2888:3888;2181"),
    ({"id": 1, "host": "zk1", "client_port": 2181, "client_address": "0.0.0.0"},
     "server.1=zk1:2888:3888;0.0.0.0:2181"),
    ({"id": 4, "host": "zk4", "role": "observer", "client_port": "2181"}, "server.4=zk4:2888:3888:observer;2181"),
    ({"id": 5, "host": "::1"}, "server.5=[::1]:2888:3888"),
    ({"id": 255, "host": "127.0.0.1", "quorum_port": 2222, "election_port": 2223}, "server.255=127.0.0.1:2222:2223"),
])
def test_server_line(server, line):
    assert server_line(server) == line


@pytest.mark.parametrize("server, fragment", [
    ({"id": 0, "host": "zk1"}, "id must be a whole number from 1 to 255"),
    ({"id": 256, "host": "zk1"}, "id must be a whole number from 1 to 255"),
    ({"id": True, "host": "zk1"}, "id must be"),
    ({"id": "01", "host": "zk1"}, "id must be"),
    ({"id": 1}, "host must be"),
    ({"id": 1, "host": "zk 1"}, "host must be"),
    ({"id": 1, "host": "zk1", "quorum_port": 70000}, "quorum_port must be a port"),
    ({"id": 1, "host": "zk1", "election_port": "x"}, "election_port must be a port"),
    ({"id": 1, "host": "zk1", "role": "voter"}, "role must be participant or observer"),
    ({"id": 1, "host": "zk1", "client_address": "0.0.0.0"}, "needs a client_port"),
    ("zk1", "must be a dict"),
])
def test_server_line_rejects(server, fragment):
    with pytest.raises(ZooCfgError) as err:
        server_line(server)
    assert fragment in str(err.value)


# ---------------------------------------------------------------- parse_server_value

@pytest.mark.parametrize("value, expected", [
    ("zk1:2888:3888", {"addresses": [("zk1", 2888, 3888)], "role": "participant", "client_address": None,
                       "client_port": None}),
    ("zk1:2888:3888:observer;2181", {"addresses": [("zk1", 2888, 3888)], "role": "observer",
                                     "client_address": None, "client_port": 2181}),
    ("zk1:2888:3888;0.0.0.0:2181", {"addresses": [("zk1", 2888, 3888)], "role": "participant",
                                    "client_address": "0.0.0.0", "client_port": 2181}),
    ("[::1]:2888:3888", {"addresses": [("::1", 2888, 3888)], "role": "participant", "client_address": None,
                         "client_port": None}),
    ("a:2888:3888|b:2889:3889", {"addresses": [("a", 2888, 3888), ("b", 2889, 3889)], "role": "participant",
                                 "client_address": None, "client_port": None}),
])
def test_parse_server_value(value, expected):
    assert parse_server_value(value) == expected


@pytest.mark.parametrize("value, fragment", [
    ("zk1", "does not have the form"),
    ("zk1:2888", "does not have the form"),
    ("zk1:2888:3888:observer:x", "does not have the form"),
    ("zk1:28a8:3888", "port '28a8'"),
    ("zk1:2888:3888:leader", "neither participant nor observer"),
    ("zk1:2888:3888;", "nothing follows ';'"),
    ("zk1:2888:3888;99999", "client port '99999'"),
    ("", "empty"),
])
def test_parse_server_value_rejects(value, fragment):
    with pytest.raises(ValueError) as err:
        parse_server_value(value)
    assert fragment in str(err.value)


@pytest.mark.parametrize("value, expected", [
    (2181, 2181), ("2181", 2181), (" 2181 ", 2181), (1, 1), (65535, 65535),
    (0, None), (65536, None), ("-1", None), ("21a", None), (True, None), (None, None), (2181.0, None),
])
def test_port_number(value, expected):
    assert port_number(value) == expected


@pytest.mark.parametrize("host, expected", [
    ("zk1", "zk1"), ("10.0.0.1", "10.0.0.1"), ("::1", "[::1]"), ("fd00::1", "[fd00::1]"),
])
def test_format_host(host, expected):
    assert format_host(host) == expected
