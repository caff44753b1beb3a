# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""membership: the servers listed by zoo.cfg texts and dynamic configuration files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import ZooCfgError
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import membership


def member(sid, host, client_port=2181, quorum_port=2888, election_port=3888, role="participant", client=None):
    return {"id": sid, "host": host, "quorum_port": quorum_port, "election_port": election_port, "role": role,
            "client_port": client_port, "client": client or "%s:%d" % (host, client_port)}


STATIC = "tickTime=2000\ndataDir=/data\nclientPort=2182\nserver.2=zk2:2888:3888\nserver.1=zk1:2888:3888\n"
# What ZooKeeper writes to zoo.cfg.dynamic.<version> after a reconfig: no clientPort of its own.
DYNAMIC = ("server.1=zk1:2888:3888:participant;0.0.0.0:2181\n"
           "server.2=zk2:2888:3888:participant;0.0.0.0:2181\n"
           "server.4=zk4:2888:3888:observer;2181\n")


@pytest.mark.parametrize("texts, expected", [
    # nothing to read
    ([], []),
    (["tickTime=2000\ndataDir=/data\nclientPort=2181\n"], []),
    # a static zoo.cfg: the text's clientPort, servers in id order whatever the line order
    ([STATIC], [member(1, "zk1", 2182), member(2, "zk2", 2182)]),
    # no clientPort anywhere: ZooKeeper's 2181
    (["server.1=zk1:2888:3888\n"], [member(1, "zk1")]),
    # a dynamic file: the line's client port wins, its client address is not the host
    ([DYNAMIC], [member(1, "zk1"), member(2, "zk2"), member(4, "zk4", role="observer")]),
    (["clientPort=2181\nserver.3=zk3:2888:3888;2999\n"], [member(3, "zk3", 2999)]),
    (["clientPort=2181\nserver.3=zk3:2888:3888;10.0.0.3:2999\n"], [member(3, "zk3", 2999)]),
    # a pseudo-cluster's own ports
    (["clientPort=2181\nserver.1=127.0.0.1:2222:2223;2181\nserver.2=127.0.0.1:3333:3334;2182\n"],
     [member(1, "127.0.0.1", 2181, 2222, 2223), member(2, "127.0.0.1", 2182, 3333, 3334)]),
    # IPv6 hosts: bare in host, in brackets in client
    (["server.1=[fd00::1]:2888:3888;2181\n"], [member(1, "fd00::1", client="[fd00::1]:2181")]),
    # multi-address (3.6+): the first address
    (["server.1=10.0.0.1:2888:3888|10.0.1.1:2888:3888\n"], [member(1, "10.0.0.1")]),
    # several texts: unique by id, the first text that lists an id wins, each with its own clientPort
    ([STATIC, DYNAMIC], [member(1, "zk1", 2182), member(2, "zk2", 2182), member(4, "zk4", role="observer")]),
    ([DYNAMIC, STATIC], [member(1, "zk1"), member(2, "zk2"), member(4, "zk4", role="observer")]),
    # within one text the last server.N line counts, as in ZooKeeper
    (["server.1=old:2888:3888\nserver.1=new:2888:3888\n"], [member(1, "new")]),
    # comments, blank lines, groups and weights are not servers
    (["# managed\n\nserver.1=zk1:2888:3888\ngroup.1=1\nweight.1=1\n"], [member(1, "zk1")]),
    # bytes, as a slurp may give them
    ([b"server.1=zk1:2888:3888\n"], [member(1, "zk1")]),
])
def test_membership(texts, expected):
    assert membership(texts) == expected


@pytest.mark.parametrize("texts, fragment", [
    (["server.1=zk1:2888\n"], "zoo.cfg text 1, line 1 (server.1): 'zk1:2888' does not have the form"),
    (["clientPort=2181\n", "tickTime=2000\nserver.2=zk2:2888:3888;0\n"],
     "zoo.cfg text 2, line 2 (server.2): client port '0'"),
    (["clientPort=twenty\nserver.1=zk1:2888:3888\n"], "zoo.cfg text 1: clientPort is 'twenty', not a port"),
    (["server.1 zk1:2888:3888\n"], "zoo.cfg text 1: line 1 ('server.1 zk1:2888:3888') is not key=value"),
])
def test_membership_refuses(texts, fragment):
    with pytest.raises(ZooCfgError) as err:
        membership(texts)
    assert fragment in str(err.value)
