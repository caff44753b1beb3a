# Copyright (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.zoocfg_dict import zk_zoo_cfg_dict

# What ZooKeeper leaves in zoo.cfg after a reconfig: the servers moved to the dynamic file.
_REWRITTEN = "tickTime=2000\ndataDir=/var/lib/zookeeper/data\nreconfigEnabled=true\n" \
             "dynamicConfigFile=/etc/zookeeper/server1/zoo.cfg.dynamic.100000000\n"


def test_the_dynamic_config_file_is_found():
    assert zk_zoo_cfg_dict(_REWRITTEN)["dynamicConfigFile"] == "/etc/zookeeper/server1/zoo.cfg.dynamic.100000000"


def test_the_last_value_wins():
    assert zk_zoo_cfg_dict("tickTime=2000\ntickTime=3000\n")["tickTime"] == "3000"


def test_a_dict_is_refused():
    with pytest.raises(AnsibleFilterError):
        zk_zoo_cfg_dict({"tickTime": 2000})
