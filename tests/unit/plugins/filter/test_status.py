# Copyright (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.status import zk_status_table

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
