# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The preflight plan of the docker deployment (zookeeper_deployment: docker)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _preflight as preflight
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import render

# The sibling test module (pytest puts this directory on sys.path).
from test_preflight import spec as bare_metal_spec  # pylint: disable=import-error

SETTINGS = {
    "tickTime": 2000, "initLimit": 10, "syncLimit": 5, "4lw.commands.whitelist": "srvr,mntr,ruok",
    "admin.enableServer": True, "admin.serverAddress": "127.0.0.1",
}
# The source document's docker pseudo-cluster: host ports 2181..2183, each container on 2181.
SOURCE = [{"id": 1, "client_port": 2181}, {"id": 2, "client_port": 2182}, {"id": 3, "client_port": 2183}]


def spec(host, **changes):
    """A docker host's spec: test_preflight's bare-metal spec with the docker fields."""
    docker = {"data_dir": "/srv/zk/data", "version": "3.9.3", "settings": dict(SETTINGS), "deployment": "docker",
              "docker_network": "zknet", "docker_name_prefix": "zk", "docker": {"image": "zookeeper:3.9.3"}}
    docker.update(changes)
    return bare_metal_spec(host, **docker)


def test_user_network_pseudo_cluster_uses_container_names_and_published_ports():
    result = preflight.plan([spec("localhost", instances=SOURCE)], {}, ["localhost"])
    assert result["problems"] == []
    assert result["connect_string"] == "localhost:2181,localhost:2182,localhost:2183"
    servers = result["hosts"]["localhost"]
    assert [s["container_name"] for s in servers] == ["zk1", "zk2", "zk3"]
    assert [s["data_dir"] for s in servers] == ["/srv/zk/data1", "/srv/zk/data2", "/srv/zk/data3"]
    lines = render(servers[1]["settings"], result["servers"]).splitlines()
    for line in ("server.1=zk1:2888:3888", "server.2=zk2:2888:3888", "server.3=zk3:2888:3888",
                 "clientPort=2181", "dataDir=/data", "admin.serverAddress=127.0.0.1"):
        assert line in lines
    assert not any(line.startswith("dataLogDir") for line in lines)


def test_host_networking_keeps_host_addresses_and_ports():
    specs = [spec(h, docker_network="host") for h in ("zk1", "zk2", "zk3")]
    result = preflight.plan(specs, {}, ["zk1", "zk2", "zk3"])
    assert result["problems"] == []
    assert result["connect_string"] == "zk1:2181,zk2:2181,zk3:2181"
    server = result["hosts"]["zk2"][0]
    lines = render(server["settings"], result["servers"]).splitlines()
    assert "server.2=zk2:2888:3888" in lines and "dataDir=/data" in lines
    assert server["data_dir"] == "/srv/zk/data" and server["container_name"] == "zk2"


def test_user_network_container_in_full():
    """The docker_container arguments of a server on a user network, written out by hand."""
    result = preflight.plan([spec("localhost", instances=SOURCE)], {}, ["localhost"])
    servers = result["hosts"]["localhost"]
    assert servers[1]["container"] == {
        "name": "zk2", "image": "zookeeper:3.9.3", "network_mode": "zknet",
        "volumes": ["/etc/zookeeper/server2:/conf:ro", "/srv/zk/data2:/data", "/var/log/zookeeper/server2:/logs"],
        "restart_policy": "unless-stopped", "log_options": {"max-size": "10m", "max-file": "5"},
        "labels": {"org.zkops.ensemble.server-id": "2", "org.zkops.ensemble.client": "localhost:2182"},
        "networks": [{"name": "zknet"}], "hostname": "zk2", "published_ports": ["2182:2181"],
    }
    assert servers[1]["dirs"] == ["/etc/zookeeper/server2", "/var/log/zookeeper/server2", "/srv/zk/data2"]
    assert result["members"]["localhost:2183"]["container"]["published_ports"] == ["2183:2181"]


def test_host_network_container_in_full():
    """Host networking: no networks, hostname or published ports; memory and the transaction log when set."""
    docker = {"image": "registry.example:5000/zookeeper:3.9.3", "restart_policy": "always", "log_max_size": "50m",
              "log_max_file": 3, "memory": "1g"}
    specs = [spec(h, docker_network="host", data_log_dir="/srv/zk/txn", conf_dir="/opt/zk/conf", log_dir="/opt/zk/log",
                  docker=docker) for h in ("zk1", "zk2", "zk3")]
    result = preflight.plan(specs, {}, ["zk1", "zk2", "zk3"])
    assert result["problems"] == []
    assert result["hosts"]["zk2"][0]["container"] == {
        "name": "zk2", "image": "registry.example:5000/zookeeper:3.9.3", "network_mode": "host",
        "volumes": ["/opt/zk/conf/server2:/conf:ro", "/srv/zk/data:/data", "/opt/zk/log/server2:/logs",
                    "/srv/zk/txn:/datalog"],
        "restart_policy": "always", "log_options": {"max-size": "50m", "max-file": "3"},
        "labels": {"org.zkops.ensemble.server-id": "2", "org.zkops.ensemble.client": "zk2:2181"},
        "memory": "1g",
    }


@pytest.mark.parametrize("docker, expected", [
    ({"image": "zookeeper:3.9.3", "memory": ""}, None),        # '' = no memory limit: no key at all
    ({"image": "zookeeper:3.9.3", "memory": "512m"}, "512m"),
])
def test_memory_only_when_set(docker, expected):
    result = preflight.plan([spec("zk", docker_network="host", docker=docker)], {}, ["zk"])
    assert result["problems"] == []
    assert result["hosts"]["zk"][0]["container"].get("memory") == expected
    assert ("memory" in result["hosts"]["zk"][0]["container"]) is (expected is not None)


@pytest.mark.parametrize("docker, expected", [
    (None, "zk: the container image None (zookeeper_docker_registry + zookeeper_docker_image + ':' + "
           "zookeeper_version) is not an image reference; set zookeeper_docker_image"),
    ({"image": ""}, "zk: the container image '' (zookeeper_docker_registry"),
    ({"image": "ZooKeeper:3.9.3"}, "zk: the container image 'ZooKeeper:3.9.3' (zookeeper_docker_registry"),
    ({"image": "zoo keeper:3.9.3"}, "set zookeeper_docker_image to a lowercase repository"),
    ("zookeeper:3.9.3", "zk: the docker settings are 'zookeeper:3.9.3', not a dict"),
    ({"image": "zookeeper:3.9.3", "cpus": 2}, "zk: the docker settings have unknown key(s) cpus"),
])
def test_docker_settings_refused(docker, expected):
    result = preflight.plan([spec("zk", docker_network="host", docker=docker)], {}, ["zk"])
    assert any(expected in p for p in result["problems"]), result["problems"]
    assert result["hosts"] == {}


@pytest.mark.parametrize("instances, changes, expected", [
    # a published port copied twice (the same host port cannot go to two containers)
    ([SOURCE[0], dict(SOURCE[1], client_port=2181), SOURCE[2]], {}, "use published port 2181"),
    # two instances with the same container name
    ([dict(SOURCE[0], container_name="zk"), dict(SOURCE[1], container_name="zk"), SOURCE[2]], {},
     "use container name zk"),
    ([SOURCE[0], dict(SOURCE[1], data_dir="/srv/zk/data1"), SOURCE[2]], {}, "use data directory /srv/zk/data1"),
    # the source document's same ZOO_MY_ID on every container, as instance ids
    ([SOURCE[0], dict(SOURCE[1], id=1), SOURCE[2]], {}, "id 1 is already used"),
    (SOURCE, {"deployment": "kubernetes"}, "zookeeper_deployment is 'kubernetes'"),
])
def test_docker_refuses(instances, changes, expected):
    result = preflight.plan([spec("localhost", instances=instances, **changes)], {}, ["localhost"])
    assert any(expected in p for p in result["problems"]), result["problems"]


def test_one_user_network_spans_one_docker_host_only():
    result = preflight.plan([spec("a"), spec("b"), spec("c")], {}, ["a", "b", "c"])
    assert any("user network of ONE Docker host" in p for p in result["problems"]), result["problems"]


def test_systemd_specs_without_the_docker_keys_are_unchanged():
    plain = spec("zk")
    for key in ("deployment", "docker_network", "docker_name_prefix"):
        plain.pop(key)
    result = preflight.plan([plain], {}, ["zk"])
    assert result["problems"] == []
    assert result["hosts"]["zk"][0]["settings"]["dataDir"] == "/srv/zk/data"
    assert result["hosts"]["zk"][0]["deployment"] == "systemd"
    assert result["hosts"]["zk"][0]["container"] is None
