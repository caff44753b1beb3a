# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.render import (
    FilterModule,
    zk_checksum,
    zk_ensemble_plan,
    zk_host_instances,
    zk_preflight_problems,
    zk_zoo_cfg,
)

BASE = {"tickTime": 2000, "dataDir": "/var/lib/zookeeper", "clientPort": 2181}
SERVERS = [{"id": 1, "host": "zk1"}, {"id": 2, "host": "zk2"}, {"id": 3, "host": "zk3"}]
SPEC = {
    "host": "zk1", "address": "zk1", "id": None, "instances": [], "client_port": 2181, "quorum_port": 2888,
    "election_port": 3888, "admin_port": 8080, "metrics_port": 7000, "data_dir": "/var/lib/zookeeper",
    "data_log_dir": None, "install_method": "archive", "version": "3.8.0", "mirror": "https://archive.apache.org/dist",
    "archive_src": "", "extra_config": {},
    "settings": {"tickTime": 2000, "initLimit": 10, "syncLimit": 5, "4lw.commands.whitelist": "srvr,mntr"},
}


def test_filter_module_exports_every_filter():
    assert sorted(FilterModule().filters()) == [
        "zk_checksum", "zk_ensemble_plan", "zk_host_instances", "zk_preflight_problems", "zk_zoo_cfg"]


@pytest.mark.parametrize("settings, servers, kwargs, expected", [
    # the source document's standalone configuration
    (BASE, None, {}, "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n"),
    (BASE, SERVERS, {"my_id": 2},
     "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n"
     "server.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n"),
    (dict(BASE, **{"4lw.commands.whitelist": ["srvr", "mntr"], "standaloneEnabled": False, "dataLogDir": None}), None,
     {}, "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\nstandaloneEnabled=false\n"
         "4lw.commands.whitelist=srvr,mntr\n"),
    (BASE, None, {"header": "managed"}, "# managed\ntickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n"),
])
def test_zk_zoo_cfg(settings, servers, kwargs, expected):
    assert zk_zoo_cfg(settings, servers, **kwargs) == expected


@pytest.mark.parametrize("settings, servers, kwargs, match", [
    (dict(BASE, **{"sever.1": "zk1:2888:3888"}), None, {}, "unknown key 'sever.1'"),
    (BASE, [{"id": 1, "host": "zk1"}, {"id": 1, "host": "zk2"}], {}, "duplicate server id 1"),
    ({"tickTime": 2000, "clientPort": 2181}, None, {}, "dataDir is missing"),
    (BASE, SERVERS, {"my_id": 4}, "does not contain this server's id 4"),
    ("tickTime=2000", None, {}, "expects a dict"),
    (BASE, "server.1=zk1:2888:3888", {}, "servers must be a list"),
])
def test_zk_zoo_cfg_refuses(settings, servers, kwargs, match):
    with pytest.raises(AnsibleFilterError, match=match):
        zk_zoo_cfg(settings, servers, **kwargs)


GROUP_LINES = "group.1=1:2\ngroup.2=3\nweight.1=1\nweight.2=1\nweight.3=1\n"


@pytest.mark.parametrize("kwargs", [
    {"quorum_groups": {1: [1, 2], 2: [3]}},
    {"groups": {1: [1, 2], 2: [3]}},  # the alias the role's template may still use
])
def test_zk_zoo_cfg_quorum_groups(kwargs):
    text = zk_zoo_cfg(BASE, SERVERS, my_id=1, weights={1: 1, 2: 1, 3: 1}, **kwargs)
    assert text.endswith("server.3=zk3:2888:3888\n" + GROUP_LINES)


def test_zk_zoo_cfg_quorum_groups_or_alias_not_both():
    with pytest.raises(AnsibleFilterError, match="give quorum_groups or its alias groups, not both"):
        zk_zoo_cfg(BASE, SERVERS, quorum_groups={1: [1, 2, 3]}, groups={1: [1, 2, 3]})


def test_zk_ensemble_plan_and_problems():
    specs = [dict(SPEC), dict(SPEC, host="zk2", address="zk2"), dict(SPEC, host="zk3", address="zk3")]
    plan = zk_ensemble_plan(specs, {}, ["zk1", "zk2", "zk3"])
    assert plan["problems"] == []
    assert plan["connect_string"] == "zk1:2181,zk2:2181,zk3:2181"
    assert zk_preflight_problems(specs, {}, ["zk1", "zk2", "zk3"]) == []
    clash = [dict(SPEC, id=1), dict(SPEC, host="zk2", address="zk2", id=1)]
    assert zk_preflight_problems(clash)[0].startswith("zk2: zookeeper_id 1 is already used by zk1")


@pytest.mark.parametrize("specs, existing, match", [
    ("zk1", None, "expects a list of host specs"),
    (["zk1"], None, "host spec 0 is 'zk1', not a dict"),
    ([SPEC], ["zk1"], "existing must be a dict"),
])
def test_zk_ensemble_plan_refuses_bad_input(specs, existing, match):
    with pytest.raises(AnsibleFilterError, match=match):
        zk_ensemble_plan(specs, existing)


@pytest.mark.parametrize("spec, expected_dirs", [
    (SPEC, ["/var/lib/zookeeper"]),
    (dict(SPEC, instances=[{"id": 2, "client_port": 2182, "quorum_port": 3333, "election_port": 3334},
                           {"id": 3, "client_port": 2183, "quorum_port": 4444, "election_port": 4445,
                            "data_dir": "/srv/zk3"}]),
     ["/var/lib/zookeeper2", "/srv/zk3"]),
])
def test_zk_host_instances(spec, expected_dirs):
    instances = zk_host_instances(spec)
    assert [i["data_dir"] for i in instances] == expected_dirs
    assert all("spec" not in i for i in instances)


def test_zk_checksum():
    assert zk_checksum("%s  a.tar.gz\n" % ("0f" * 64), "a.tar.gz") == "0f" * 64
    with pytest.raises(AnsibleFilterError, match="zk_checksum: checksum file of a.tar.gz holds no SHA-512 digest"):
        zk_checksum("Not Found", "a.tar.gz")
