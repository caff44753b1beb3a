# Copyright (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.status import zk_status_html, zk_status_table

_UP = {"address": "zk1:2181", "mode": "leader", "version": "3.9.3", "zxid": 4294967300, "error": None}
_DOWN = {"address": "zk2:2181", "mode": None, "version": None, "zxid": None, "error": "connection refused"}


def test_the_table_has_a_header_and_one_line_per_server():
    lines = zk_status_table([_UP, _DOWN], {"zk1:2181": {"id": 1, "host": "node-a"}})
    assert lines[0].split() == ["server", "id", "mode", "version", "zxid", "host", "error"]
    assert lines[1].split() == ["zk1:2181", "1", "leader", "3.9.3", "0x100000004", "node-a"]
    assert lines[2].split() == ["zk2:2181", "-", "-", "-", "-", "-", "connection", "refused"]


def test_without_members_the_id_and_host_are_dashes():
    assert zk_status_table([_UP])[1].split()[1] == "-"


@pytest.mark.parametrize("bad", ["zk1:2181", {"address": "zk1"}, ["zk1:2181"]])
def test_anything_but_a_list_of_server_dicts_is_refused(bad):
    with pytest.raises(AnsibleFilterError):
        zk_status_table(bad)


# ---------------------------------------------------------------- zk_status_html

_LEADER = {"address": "zk1:2181", "reachable": True, "mode": "leader", "version": "3.9.3", "zxid": 4294967300,
           "synced_followers": 1, "error": None}
_FOLLOWER = {"address": "zk2:2181", "reachable": True, "mode": "follower", "version": "3.9.3", "zxid": 4294967299,
             "error": None}
_GONE = {"address": "zk3:2181", "reachable": False, "mode": None, "version": None, "zxid": None,
         "error": "cannot connect to zk3:2181: [Errno 111] Connection refused"}
_RESULT = {"servers": [_LEADER, _FOLLOWER, _GONE], "leader": "zk1:2181", "followers": ["zk2:2181"],
           "synced_followers": 1, "observers": [], "voters": 3, "voters_up": 2, "quorum_size": 2, "can_lose": 0,
           "healthy": False, "problems": ["zk3:2181 is unreachable: cannot connect"], "changed": False}


def test_the_html_filter_is_registered():
    from ansible_collections.zkops.ensemble.plugins.filter.status import FilterModule
    assert set(FilterModule().filters()) == {"zk_status_table", "zk_status_html"}


def test_the_html_filter_renders_a_registered_result():
    members = {"zk1:2181": {"id": 1, "host": "node-a", "room": "dc1"},
               "zk2:2181": {"id": 2, "host": "node-b", "room": "dc2"},
               "zk3:2181": {"id": 3, "host": "node-c", "room": "dc3"}}
    page = zk_status_html(_RESULT, members, ["dc1", "dc2", "dc3"], title="prod", generated="then")
    assert page.startswith("<!DOCTYPE html>") and "<title>prod</title>" in page and ">then</time>" in page
    assert page.index('data-room="dc1"') < page.index('data-room="dc2"') < page.index('data-room="dc3"')
    assert 'data-address="zk1:2181" data-state="up" data-role="leader"' in page
    assert 'data-address="zk3:2181" data-state="down"' in page and ">DOWN<" in page
    assert 'data-figure="voters_up">2 / 3<' in page and 'data-figure="can_lose">0<' in page
    assert "1 txn behind" in page and "host node-b" in page


def test_the_html_filter_takes_the_servers_list_and_no_members():
    page = zk_status_html([_LEADER, _FOLLOWER])
    assert 'data-room=""' in page and ">no room<" in page


@pytest.mark.parametrize("args", [("zk1:2181",), ({"servers": "zk1"},), (_RESULT, ["zk1"]), (_RESULT, {}, "dc1")])
def test_the_html_filter_refuses_what_is_not_a_result(args):
    with pytest.raises(AnsibleFilterError) as err:
        zk_status_html(*args)
    assert str(err.value).startswith("zk_status_html: ")
