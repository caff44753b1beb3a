# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""zk_stale_paths: the filter over module_utils/_host_state.stale_paths."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.host_state import FilterModule, zk_stale_paths


def test_registered():
    assert FilterModule().filters()["zk_stale_paths"] is zk_stale_paths


def test_names_what_differs():
    wanted = [{"path": "/etc/zookeeper", "kind": "conf_root", "type": "directory", "owner": "root", "mode": "0755"},
              {"path": "/etc/zookeeper/server1/jaas.conf", "kind": "jaas_absent", "key": 1, "type": "absent"}]
    found = {"/etc/zookeeper": {"exists": True, "type": "directory", "owner": "root", "uid": 0, "mode": "0755"},
             "/etc/zookeeper/server1/jaas.conf": {"exists": True, "type": "file"}}
    assert zk_stale_paths(wanted, found) == {"conf_root": [], "jaas_absent": [1]}


@pytest.mark.parametrize("wanted, found, says", [
    ("not a list", {}, "list of wanted entries"),
    ({"path": "/x"}, {}, "list of wanted entries"),
    ([{"path": "/x", "kind": "k"}], {}, "needs path, kind and type"),
    ([{"path": "/x", "kind": "k", "type": "fifo"}], {}, "type must be"),
    ([], ["/x"], "paths of a zk_host_state result"),
])
def test_refuses_bad_input(wanted, found, says):
    with pytest.raises(AnsibleFilterError, match=says):
        zk_stale_paths(wanted, found)
