# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The zoo.cfg keys ZooKeeper knows, their values and the key a typo was meant to be."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg_keys import (
    check_value,
    format_value,
    is_known_key,
    setting_order,
    suggest_key,
)


@pytest.mark.parametrize("key, known", [
    ("tickTime", True), ("server.1", True), ("group.2", True), ("weight.3", True), ("authProvider.sasl", True),
    ("ssl.keyStore.location", True), ("zookeeper.snapshot.compression.method", True),
    ("sever.1", False), ("ticktime", False), ("ssl.", False), ("server.x", False),
])
def test_is_known_key(key, known):
    assert is_known_key(key) is known


@pytest.mark.parametrize("key, suggestion", [
    ("sever.1", "server.1"), ("gruop.2", "group.2"), ("ticktime", "tickTime"), ("maxClientCnxn", "maxClientCnxns"),
    ("somethingElse", None),
])
def test_suggest_key(key, suggestion):
    assert suggest_key(key) == suggestion


@pytest.mark.parametrize("key, value, text", [
    ("standaloneEnabled", False, "false"), ("forceSync", False, "no"), ("skipACL", True, "yes"),
    ("4lw.commands.whitelist", ["srvr", " mntr"], "srvr,mntr"), ("tickTime", 2000, "2000"),
])
def test_format_value(key, value, text):
    assert format_value(key, value) == text


def test_setting_order_puts_the_common_keys_first():
    keys = ["zookeeper.x", "clientPort", "autopurge.purgeInterval", "dataDir", "tickTime", "audit.enable"]
    assert sorted(keys, key=setting_order) == ["tickTime", "dataDir", "clientPort", "autopurge.purgeInterval",
                                               "audit.enable", "zookeeper.x"]


@pytest.mark.parametrize("key, value, problems", [
    ("tickTime", "2000", []),
    ("tickTime", "2s", ["tickTime on line 4 is '2s', not a whole number; write a whole number, 1 or more"]),
    ("autopurge.snapRetainCount", "2", ["autopurge.snapRetainCount on line 4 is 2, below its minimum 3; "
                                        "set it to 3 or more"]),
    ("clientPort", "70000", ["clientPort on line 4 is 70000, not a port from 1 to 65535; pick a free port in "
                             "that range"]),
    ("clientPort", "x", ["clientPort on line 4 is 'x', not a whole number; write a port from 1 to 65535"]),
    ("standaloneEnabled", "no", ["standaloneEnabled on line 4 is 'no', not true or false; write true or false"]),
    ("forceSync", "false", ["forceSync on line 4 is 'false', but ZooKeeper reads only yes or no here "
                            "(forceSync=false is NOT 'no'); write yes or no"]),
    ("peerType", "witness", ["peerType on line 4 is 'witness', not a peer type; write participant or observer"]),
    ("4lw.commands.whitelist", "srvr,mnrt", ["4lw.commands.whitelist on line 4 lists 'mnrt', which is not a "
                                             "four-letter word; did you mean 'mntr'?"]),
    ("4lw.commands.whitelist", "srvr,xxxxxx", ["4lw.commands.whitelist on line 4 lists 'xxxxxx', which is not a "
                                               "four-letter word; list only conf, cons, crst, dirs, dump, envi, "
                                               "gtmk, hash, isro, mntr, ruok, srst, srvr, stat, stmk, wchc, wchp, "
                                               "wchs (or *)"]),
    ("4lw.commands.whitelist", "*", []),
])
def test_check_value(key, value, problems):
    assert check_value(key, value, " on line 4") == problems
