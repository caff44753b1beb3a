# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.filter.render import zk_preflight_problems
from ansible_collections.zkops.ensemble.plugins.module_utils import _preflight as preflight
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import render

SETTINGS = {
    "tickTime": 2000, "initLimit": 10, "syncLimit": 5, "maxClientCnxns": 60,
    "autopurge.snapRetainCount": 3, "autopurge.purgeInterval": 24, "standaloneEnabled": True,
    "reconfigEnabled": False, "4lw.commands.whitelist": "srvr,mntr,ruok", "admin.enableServer": True,
    "admin.serverAddress": "127.0.0.1",
}
# The source document's pseudo-cluster: quorum:election 2222:2223, 3333:3334, 4444:4445; clients 2181..2183.
PSEUDO = [
    {"id": 1, "client_port": 2181, "quorum_port": 2222, "election_port": 2223, "admin_port": 8081},
    {"id": 2, "client_port": 2182, "quorum_port": 3333, "election_port": 3334, "admin_port": 8082},
    {"id": 3, "client_port": 2183, "quorum_port": 4444, "election_port": 4445, "admin_port": 8083},
]


def spec(host, **changes):
    result = {
        "host": host, "address": host, "id": None, "instances": [], "client_port": 2181, "quorum_port": 2888,
        "election_port": 3888, "admin_port": 8080, "metrics_port": 7000, "data_dir": "/var/lib/zookeeper",
        "data_log_dir": None, "install_method": "archive", "version": "3.8.0",
        "mirror": "https://archive.apache.org/dist", "archive_src": "", "settings": dict(SETTINGS),
        "extra_config": {},
    }
    result.update(changes)
    return result


def three(**changes):
    return [spec("zk1", **changes), spec("zk2", **changes), spec("zk3", **changes)]


# ----------------------------------------------------------------------------- accepted inputs


@pytest.mark.parametrize("specs, existing, expected_ids", [
    # no ids anywhere: lowest free ids in play order
    (three(), {}, {"zk1": 1, "zk2": 2, "zk3": 3}),
    # an id already in a data directory is kept; the others get the lowest free ones
    (three(), {"zk2": {"/var/lib/zookeeper": "1\n"}}, {"zk1": 2, "zk2": 1, "zk3": 3}),
    # explicit ids are used as given
    ([spec("zk1", id=7), spec("zk2", id="5"), spec("zk3")], {}, {"zk1": 7, "zk2": 5, "zk3": 1}),
    # an explicit id that agrees with the myid file
    ([spec("zk1", id=2), spec("zk2"), spec("zk3")], {"zk1": {"/var/lib/zookeeper": "2"}},
     {"zk1": 2, "zk2": 1, "zk3": 3}),
])
def test_plan_ids(specs, existing, expected_ids):
    result = preflight.plan(specs, existing, ["zk1", "zk2", "zk3"])
    assert result["problems"] == []
    assert dict((h, s[0]["id"]) for h, s in result["hosts"].items()) == expected_ids
    assert [s["id"] for s in result["servers"]] == sorted(expected_ids.values())


def test_plan_cluster_renders_the_server_list_and_connect_string():
    result = preflight.plan(three(), {}, ["zk1", "zk2", "zk3"])
    assert result["size"] == 3
    assert result["warnings"] == []
    assert result["connect_string"] == "zk1:2181,zk2:2181,zk3:2181"
    member = result["members"]["zk2:2181"]
    assert (member["host"], member["id"], member["label"]) == ("zk2", 2, "zk2")
    assert member == result["hosts"]["zk2"][0]
    text = render(result["hosts"]["zk1"][0]["settings"], result["servers"])
    assert "server.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n" in text
    assert "dataDir=/var/lib/zookeeper\n" in text and "clientPort=2181\n" in text


def test_plan_pseudo_cluster_with_the_source_document_ports():
    result = preflight.plan([spec("zk", address="127.0.0.1", instances=PSEUDO)], {}, ["zk"])
    assert result["problems"] == []
    assert result["connect_string"] == "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183"
    servers = result["hosts"]["zk"]
    assert [s["data_dir"] for s in servers] == ["/var/lib/zookeeper1", "/var/lib/zookeeper2", "/var/lib/zookeeper3"]
    text = render(servers[1]["settings"], result["servers"])
    for line in ("server.1=127.0.0.1:2222:2223", "server.2=127.0.0.1:3333:3334", "server.3=127.0.0.1:4444:4445",
                 "clientPort=2182", "admin.serverPort=8082", "dataDir=/var/lib/zookeeper2"):
        assert line in text.splitlines()


def test_plan_standalone_has_no_server_lines_and_warns():
    result = preflight.plan([spec("solo")], {}, ["solo"])
    assert result["problems"] == []
    assert result["servers"] == []
    assert result["size"] == 1
    assert any("tolerates no failure" in w for w in result["warnings"])
    assert "server." not in render(result["hosts"]["solo"][0]["settings"], result["servers"])


@pytest.mark.parametrize("count, warned", [(2, True), (3, False), (4, True), (5, False), (6, True)])
def test_even_sizes_warn_but_pass(count, warned):
    specs = [spec("zk%d" % n) for n in range(1, count + 1)]
    result = preflight.plan(specs, {}, [s["host"] for s in specs])
    assert result["problems"] == []
    assert any("no more than" in w for w in result["warnings"]) is warned


@pytest.mark.parametrize("extra, key, value", [
    ({"maxSessionTimeout": 60000}, "maxSessionTimeout", "60000"),
    ({"forceSync": False}, "forceSync", "no"),
    ({"standaloneEnabled": "False"}, "standaloneEnabled", "false"),
])
def test_extra_config_reaches_zoo_cfg(extra, key, value):
    result = preflight.plan([spec("solo", extra_config=extra)], {}, ["solo"])
    assert result["problems"] == []
    assert "%s=%s" % (key, value) in render(result["hosts"]["solo"][0]["settings"], []).splitlines()


def test_admin_server_off_drops_its_port_and_metrics_off_drops_the_provider():
    settings = dict(SETTINGS, **{"admin.enableServer": False, "metricsProvider.className": None})
    result = preflight.plan([spec("solo", settings=settings)], {}, ["solo"])
    server = result["hosts"]["solo"][0]["settings"]
    assert "admin.serverPort" not in server
    assert not [k for k in server if k.startswith("metricsProvider.")]


def test_plan_server_entry_in_full():
    """Every key of a planned bare-metal server, written out by hand."""
    result = preflight.plan([spec("zk1", data_log_dir="/srv/zk-log"), spec("zk2"), spec("zk3")], {},
                            ["zk1", "zk2", "zk3"])
    assert result["problems"] == []
    server = dict(result["hosts"]["zk1"][0])
    assert server.pop("settings")["dataLogDir"] == "/srv/zk-log"
    assert server == {
        "host": "zk1", "label": "zk1", "id": 1, "address": "zk1", "client": "zk1:2181", "client_port": 2181,
        "quorum_port": 2888, "election_port": 3888, "admin_port": 8080, "metrics_port": 7000,
        "data_dir": "/var/lib/zookeeper", "data_log_dir": "/srv/zk-log",
        "conf_dir": "/etc/zookeeper/server1", "log_dir": "/var/log/zookeeper/server1",
        "dirs": ["/etc/zookeeper/server1", "/var/log/zookeeper/server1", "/var/lib/zookeeper", "/srv/zk-log"],
        "deployment": "systemd", "container_name": None, "container_client_port": 2181, "container": None,
        "secure_client_port": None, "secure_client": None,
    }
    assert result["members"]["zk1:2181"] is result["hosts"]["zk1"][0]


@pytest.mark.parametrize("changes, conf_dirs, log_dirs, dirs_of_second", [
    # the role's defaults, one server per id
    ({}, ["/etc/zookeeper/server1", "/etc/zookeeper/server2", "/etc/zookeeper/server3"],
     ["/var/log/zookeeper/server1", "/var/log/zookeeper/server2", "/var/log/zookeeper/server3"],
     ["/etc/zookeeper/server2", "/var/log/zookeeper/server2", "/var/lib/zookeeper2"]),
    # roots of its own (a trailing slash is dropped)
    ({"conf_dir": "/opt/zk/conf/", "log_dir": "/opt/zk/log"},
     ["/opt/zk/conf/server1", "/opt/zk/conf/server2", "/opt/zk/conf/server3"],
     ["/opt/zk/log/server1", "/opt/zk/log/server2", "/opt/zk/log/server3"],
     ["/opt/zk/conf/server2", "/opt/zk/log/server2", "/var/lib/zookeeper2"]),
    # a transaction log directory per instance is created too
    ({"instances": [dict(p, data_log_dir="/srv/txn%d" % p["id"]) for p in PSEUDO]},
     ["/etc/zookeeper/server1", "/etc/zookeeper/server2", "/etc/zookeeper/server3"],
     ["/var/log/zookeeper/server1", "/var/log/zookeeper/server2", "/var/log/zookeeper/server3"],
     ["/etc/zookeeper/server2", "/var/log/zookeeper/server2", "/var/lib/zookeeper2", "/srv/txn2"]),
])
def test_plan_server_directories(changes, conf_dirs, log_dirs, dirs_of_second):
    result = preflight.plan([spec("zk", address="127.0.0.1", **dict({"instances": PSEUDO}, **changes))], {}, ["zk"])
    assert result["problems"] == []
    servers = result["hosts"]["zk"]
    assert [s["conf_dir"] for s in servers] == conf_dirs
    assert [s["log_dir"] for s in servers] == log_dirs
    assert servers[1]["dirs"] == dirs_of_second
    assert [s["host"] for s in servers] == ["zk", "zk", "zk"]
    assert [s["label"] for s in servers] == ["zk instance 1", "zk instance 2", "zk instance 3"]
    assert [result["members"]["127.0.0.1:%d" % port]["id"] for port in (2181, 2182, 2183)] == [1, 2, 3]


# ----------------------------------------------------------------------------- refused inputs


@pytest.mark.parametrize("specs, existing, group, expected", [
    # the same id twice: names both hosts and the fix
    ([spec("zk1", id=1), spec("zk2", id=1), spec("zk3")], {}, None,
     "zk2: zookeeper_id 1 is already used by zk1 (zookeeper_id); give each server a unique id in 1..255"),
    # an id that only looks like a number
    ([spec("zk1", id="O1")], {}, None, "zk1: zookeeper_id is 'O1', which is not a plain decimal number"),
    ([spec("zk1", id="01")], {}, None, "zk1: zookeeper_id is '01'"),
    ([spec("zk1", id=256)], {}, None, "zk1: zookeeper_id is 256, outside the valid range 1..255"),
    # an explicit id that contradicts the myid file: never change it
    ([spec("zk1", id=3)], {"zk1": {"/var/lib/zookeeper": "1\n"}}, None,
     "zk1: zookeeper_id is 3 but /var/lib/zookeeper/myid already holds 1"),
    # an explicit id that another server's data directory already has
    ([spec("zk1"), spec("zk2", id=1)], {"zk1": {"/var/lib/zookeeper": "1"}}, None,
     "zk2: zookeeper_id 1 is already used by zk1 (the id in /var/lib/zookeeper/myid)"),
    # a broken myid file
    ([spec("zk1")], {"zk1": {"/var/lib/zookeeper": "one"}}, None, "zk1: myid file '/var/lib/zookeeper/myid' holds 'one'"),
    # a group member left out of the play
    (three(), {}, ["zk1", "zk2", "zk3", "zk4"], "zk4: in the ensemble's inventory group (zookeeper_group_name) but not among the play's hosts"),
    # the source documents' typo in extra settings
    ([spec("zk1", extra_config={"sever.1": "zk1:2888:3888"})], {}, None,
     "zk1: zookeeper_extra_config sets 'sever.1', which is not a zoo.cfg key: ZooKeeper would silently ignore it; "
     "did you mean server.1? The role writes it from the inventory"),
    ([spec("zk1", extra_config={"maxClientCnxn": 10})], {}, None,
     "did you mean maxClientCnxns? Set zookeeper_max_client_cnxns instead"),
    # zoo.cfg values name the variable that set them
    ([spec("zk1", settings=dict(SETTINGS, tickTime=0))], {}, None,
     "zk1: zookeeper_tick_time is 0 (zoo.cfg tickTime), below its minimum 1; set it to 1 or more"),
    ([spec("zk1", secure_client_port=0)], {}, None,
     "zk1: zookeeper_secure_client_port is 0, not a port from 1 to 65535; pick a free port in that range"),
    ([spec("zk1", settings=dict(SETTINGS, **{"4lw.commands.whitelist": "srvr,mntr,stst"}))], {}, None,
     "zk1: zookeeper_four_letter_words lists 'stst' (zoo.cfg 4lw.commands.whitelist), which is not a four-letter "
     "word; did you mean 'stat'?"),
    ([spec("zk1", extra_config={"initLimit": "ten"})], {}, None,
     "zk1: zookeeper_extra_config.initLimit is 'ten' (zoo.cfg initLimit, overriding zookeeper_init_limit), not a "
     "whole number; write a whole number, 1 or more"),
    ([spec("zk1", extra_config={"minSessionTimeout": 9000, "maxSessionTimeout": 4000})], {}, None,
     "zk1: zookeeper_extra_config.minSessionTimeout (9000) is above zookeeper_extra_config.maxSessionTimeout (4000)"),
    ([spec("zk1", extra_config={"server.1": "zk1:2888:3888"})], {}, None,
     "zk1: zookeeper_extra_config sets server.1, which the role writes from the inventory"),
    ([spec("zk1", extra_config={"peerType": "observer"})], {}, None,
     "zk1: zookeeper_extra_config sets peerType, which the role writes from zookeeper_peer_type"),
    # role-managed keys belong to their variables
    ([spec("zk1", extra_config={"clientPort": 2182})], {}, None,
     "zk1: zookeeper_extra_config sets clientPort, which the role writes from zookeeper_client_port"),
    # ports
    ([spec("zk1", client_port=70000)], {}, None, "zk1: zookeeper_client_port is 70000, not a port from 1 to 65535"),
    ([spec("zk1", admin_port=2181)], {}, None, "zk1: zookeeper_client_port and zookeeper_admin_port are both 2181"),
    ([spec("zk1", admin_port=2181), spec("zk2"), spec("zk3")], {}, None, "port 2181 is used by clientPort and admin.serverPort"),
    ([spec("zk1", quorum_port=3888)], {}, None, "zk1: zookeeper_quorum_port and zookeeper_election_port are both 3888"),
    # two hosts reachable under one address with the same ports
    ([spec("a", address="10.0.0.1"), spec("b", address="10.0.0.1")], {}, None,
     "a and b: both are reached at 10.0.0.1 (zookeeper_server_address) and both use zookeeper_client_port 2181, "
     "zookeeper_quorum_port 2888, zookeeper_election_port 3888 and zookeeper_admin_port 8080; two servers on one "
     "machine need their own ports: give b other ports, or each host its own zookeeper_server_address"),
    ([spec("a", address="localhost"),
      spec("b", address="127.0.0.1", client_port=2182, admin_port=2181, quorum_port=2889, election_port=3889)],
     {}, None,
     "both use port 2181 (zookeeper_client_port of a, zookeeper_admin_port of b)"),
    # an ensemble of observers only has no voter
    ([spec("a", peer_type="observer"), spec("b", peer_type="observer")], {}, None,
     "a, b: zookeeper_peer_type is observer on every server (a, b), so no server votes"),
    # the four-letter words quorum_check needs
    ([spec("zk1", settings=dict(SETTINGS, **{"4lw.commands.whitelist": "ruok"}))], {}, None,
     "zk1: zookeeper_four_letter_words lacks srvr, mntr"),
    # install source
    ([spec("zk1", install_method="rpm")], {}, None, "zk1: zookeeper_install_method is 'rpm'; set it to archive or package"),
    ([spec("zk1", version="3.8")], {}, None, "zk1: zookeeper_version is '3.8'"),
    ([spec("zk1", mirror="archive.apache.org")], {}, None, "zk1: zookeeper_mirror is 'archive.apache.org'"),
    ([spec("zk1", archive_src="/tmp/apache-zookeeper-3.9.3-bin.tar.gz")], {}, None,
     "zk1: zookeeper_archive_src /tmp/apache-zookeeper-3.9.3-bin.tar.gz holds ZooKeeper 3.9.3 but zookeeper_version is 3.8.0"),
    # directories
    ([spec("zk1", install_method="package")], {}, None,
     "zk1: zookeeper_data_dir is /var/lib/zookeeper, where the OS package owns a myid symlink"),
    ([spec("zk1", data_dir="var/lib/zookeeper")], {}, None, "zk1: zookeeper_data_dir is 'var/lib/zookeeper', not an absolute path"),
    ([spec("zk1", conf_dir="etc/zookeeper")], {}, None, "zk1: zookeeper_conf_dir is 'etc/zookeeper', not an absolute path"),
    ([spec("zk1", log_dir=7)], {}, None, "zk1: zookeeper_log_dir is 7, not an absolute path"),
    # the spec key group was renamed quorum_group: an old spec is refused, not silently ungrouped
    ([spec("zk1", group=1)], {}, None, "zk1: the host spec sets group (1), which is now quorum_group"),
])
def test_plan_refuses(specs, existing, group, expected):
    result = preflight.plan(specs, existing, group)
    assert any(expected in p for p in result["problems"]), result["problems"]
    assert result["servers"] == [] and result["hosts"] == {} and result["connect_string"] == ""
    # the zk_preflight_problems filter refuses the same input, for the same reason
    problems = zk_preflight_problems(specs, existing, group)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("instances, expected", [
    # the source document's ports with one client port copied twice
    ([PSEUDO[0], dict(PSEUDO[1], client_port=2181), PSEUDO[2]],
     "zk: zookeeper_instances: instances 1 and 2 both use port 2181 (client_port of 1, client_port of 2)"),
    # the same id on two instances (the source's server.1 three times)
    ([PSEUDO[0], dict(PSEUDO[1], id=1), PSEUDO[2]], "zookeeper_instances[1].id 1 is already used by zk instance 1"),
    # AdminServer on by default: every instance needs its own admin port
    ([dict((k, v) for k, v in p.items() if k != "admin_port") for p in PSEUDO], "both use port 8080"),
    ([PSEUDO[0], dict(PSEUDO[1], data_dir="/var/lib/zookeeper1"), PSEUDO[2]], "directory /var/lib/zookeeper1"),
    ([PSEUDO[0], dict((k, v) for k, v in PSEUDO[1].items() if k != "id")], "zookeeper_instances[1] has no id"),
    ([PSEUDO[0], dict(PSEUDO[1], port=1)], "zookeeper_instances[1] has unknown key(s) port"),
    ([PSEUDO[0], "server.2"], "zookeeper_instances[1] is 'server.2', not a dict"),
])
def test_pseudo_cluster_refuses(instances, expected):
    result = preflight.plan([spec("zk", address="127.0.0.1", instances=instances)], {}, ["zk"])
    assert any(expected in p for p in result["problems"]), result["problems"]


def test_zookeeper_id_and_instances_together_is_refused():
    result = preflight.plan([spec("zk", id=1, address="127.0.0.1", instances=PSEUDO)], {}, ["zk"])
    assert any("zookeeper_id (1) and zookeeper_instances are both set" in p for p in result["problems"])


def test_every_problem_is_reported_at_once():
    specs = [spec("zk1", id=1, extra_config={"sever.1": "x"}), spec("zk2", id=1, client_port=0)]
    found = preflight.plan(specs, {}, ["zk1", "zk2"])["problems"]
    assert any(p.startswith("zk2: zookeeper_id 1 is already used by zk1") for p in found)
    assert any("sever.1" in p for p in found)
    assert any(p.startswith("zk2: zookeeper_client_port is 0") for p in found)


def test_host_instances_defaults():
    instances, problems = preflight.host_instances(spec("zk", address="127.0.0.1", instances=PSEUDO[:1]))
    assert problems == []
    assert instances[0]["data_dir"] == "/var/lib/zookeeper1"
    assert instances[0]["address"] == "127.0.0.1"
    instances, problems = preflight.host_instances(spec("zk", data_log_dir="/srv/zk-log/"))
    assert instances[0]["data_log_dir"] == "/srv/zk-log" and instances[0]["id"] is None


# ----------------------------------------------------------------------------- package versions offered

DEBIAN = ["3.8.0-11+deb12u2", "3.8.0-11"]


@pytest.mark.parametrize("version, offered", [
    ("3.8.0", DEBIAN),       # the pin zookeeper=3.8.0* matches
    ("3.9.3", []),           # the host's package lists are empty: not known yet, the install will tell
])
def test_package_version_the_host_can_install(version, offered):
    specs = [spec("zk1", install_method="package", version=version, package_name="zookeeper",
                  package_versions=offered, data_dir="/srv/zookeeper")]
    assert preflight.plan(specs, {}, ["zk1"])["problems"] == []


def test_package_version_the_host_cannot_install_is_refused_naming_host_variable_and_fix():
    specs = [spec("zk1", version="3.9.3"),
             spec("zk2", install_method="package", version="3.9.3", package_name="zookeeper",
                  package_versions=DEBIAN, data_dir="/srv/zookeeper"),
             spec("zk3", version="3.9.3")]
    problems = preflight.plan(specs, {}, ["zk1", "zk2", "zk3"])["problems"]
    assert problems == [
        "zk2: zookeeper_version is 3.9.3 but the package zookeeper is offered only as 3.8.0-11+deb12u2, 3.8.0-11 by "
        "this host's package sources; set zookeeper_version to one of those, add a package source that has 3.9.3, "
        "or use zookeeper_install_method: archive (the Apache tarball)"]


def test_archive_hosts_ignore_the_package_versions():
    specs = [spec("zk1", version="3.9.3", package_versions=DEBIAN)]
    assert preflight.plan(specs, {}, ["zk1"])["problems"] == []
