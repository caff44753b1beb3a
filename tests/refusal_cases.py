# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad inventories the zookeeper role must refuse before it changes anything, and what it must say.

One table for two tests: tests/unit/test_refusals.py runs each inventory through
the role's preflight in Python (tests/role_preflight.py), and
tests/integration/test_refusals_change_nothing.py through the real
``ansible-playbook playbooks/site.yml``, proving that nothing changed.

Each case is an inventory: host -> its variables (host_vars) plus variables
every host shares (group_vars), both over BASE_VARS. ``{tmp}`` in a value is a
directory of the test's own (the integration test points every directory the
role would create below it and checks that none appeared). A case names the
task that refuses and what one refusal message must hold: the host(s), the
role variable and the fix.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

# Every case: installed from the Apache archive (install_method package would ask apt-cache first), every
# directory the role creates below {tmp}, no Java installed.
BASE_VARS = {
    "zookeeper_install_method": "archive",
    "zookeeper_data_dir": "{tmp}/data",
    "zookeeper_conf_dir": "{tmp}/conf",
    "zookeeper_log_dir": "{tmp}/log",
    "zookeeper_install_dir": "{tmp}/opt",
    "zookeeper_home_dir": "{tmp}/home",
    "zookeeper_download_dir": "{tmp}/download",
    "zookeeper_java_install": False,
}

# The tasks that refuse (their names start so).
ARGUMENTS = "Validating arguments against arg spec 'main'"
ROOM_SETTINGS = "Check this host's room settings"
PLACEMENT = "Plan or check the voters' rooms"
HIERARCHICAL = "Refuse hierarchical quorums without rooms or over two rooms"
PLAN = "Stop when the preflight finds a problem"


class Case(object):
    """One bad inventory and what its refusal must say."""

    def __init__(self, name, hosts, group_vars=None, names=(), variable="", fix="", also=(), task=PLAN):
        self.name = name
        self.hosts = hosts
        self.group_vars = group_vars or {}
        self.names = list(names)  # the host(s) the message names
        self.variable = variable  # the role variable it names
        self.fix = fix  # the fix it gives
        self.also = list(also)  # anything else it must say
        self.task = task

    @property
    def expected(self):
        """The fragments ONE refusal message must hold."""
        return self.names + [self.variable, self.fix] + self.also

    def inventory(self, tmp):
        """{host: variables} with BASE_VARS and the group's variables under the host's, {tmp} replaced."""
        result = {}
        for host, host_vars in self.hosts.items():
            merged = dict(copy.deepcopy(BASE_VARS), **copy.deepcopy(self.group_vars))
            merged.update(copy.deepcopy(host_vars))
            result[host] = _fill(merged, tmp)
        return result

    def __repr__(self):
        return self.name


def _fill(value, tmp):
    if isinstance(value, str):
        return value.replace("{tmp}", tmp)
    if isinstance(value, dict):
        return dict((k, _fill(v, tmp)) for k, v in value.items())
    if isinstance(value, list):
        return [_fill(v, tmp) for v in value]
    return value


def _hosts(count, **each):
    """zk1..zkN, each with the same variables."""
    return dict(("zk%d" % n, dict(each)) for n in range(1, count + 1))


def _rooms(layout, **each):
    """zk1..zkN with zookeeper_room from ``layout`` ('aab' -> zk1: a, zk2: a, zk3: b; '-' = no room)."""
    return dict(("zk%d" % (n + 1), dict(each, **({"zookeeper_room": room} if room != "-" else {})))
                for n, room in enumerate(layout))


def _instances(*changes, **common):
    """Three pseudo-cluster servers on 127.0.0.1 (the source document's ports), each item updated by ``changes``."""
    items = [
        {"id": 1, "client_port": 2181, "quorum_port": 2222, "election_port": 2223, "admin_port": 8081},
        {"id": 2, "client_port": 2182, "quorum_port": 3333, "election_port": 3334, "admin_port": 8082},
        {"id": 3, "client_port": 2183, "quorum_port": 4444, "election_port": 4445, "admin_port": 8083},
    ]
    for index, change in enumerate(changes):
        items[index].update(change)
        for key in [k for k, v in items[index].items() if v is None]:
            del items[index][key]
    return {"zk": dict(common, zookeeper_server_address="127.0.0.1", zookeeper_instances=items)}


_FIX_ID = "set it to a whole number from 1 to 255, unique in the ensemble"
_DOCKER = {"zookeeper_deployment": "docker", "zookeeper_docker_pull": "never"}

CASES = [
    # ---------------------------------------------------------------- ids
    Case("id_duplicate", {"zk1": {"zookeeper_id": 1}, "zk2": {"zookeeper_id": 1}},
         names=["zk2:", "zk1"], variable="zookeeper_id 1 is already used",
         fix="give each server a unique id in 1..255 or leave zookeeper_id unset"),
    Case("id_zero", {"zk1": {"zookeeper_id": 0}}, names=["zk1:"],
         variable="zookeeper_id is 0, outside the valid range 1..255", fix=_FIX_ID),
    Case("id_256", {"zk1": {"zookeeper_id": 256}}, names=["zk1:"],
         variable="zookeeper_id is 256, outside the valid range 1..255", fix=_FIX_ID),
    Case("id_not_a_number", {"zk1": {"zookeeper_id": "O1"}}, names=["zk1:"],
         variable="zookeeper_id is 'O1', which is not a plain decimal number", fix=_FIX_ID),
    Case("instances_same_id", _instances({}, {"id": 1}), names=["zk instance 2:", "zk instance 1"],
         variable="zookeeper_instances[1].id 1 is already used", fix="give each server a unique id"),
    # ---------------------------------------------------------------- ports
    Case("port_out_of_range", {"zk1": {"zookeeper_client_port": 70000}}, names=["zk1:"],
         variable="zookeeper_client_port is 70000, not a port from 1 to 65535", fix="pick a free port in that range"),
    Case("port_not_a_number", {"zk1": {"zookeeper_quorum_port": "28x8"}}, names=["zk1"],
         variable="argument 'zookeeper_quorum_port' is of type str", fix="unable to convert to int", task=ARGUMENTS),
    Case("ports_clash_on_one_server", {"zk1": {"zookeeper_admin_port": 2181}}, names=["zk1:"],
         variable="zookeeper_client_port and zookeeper_admin_port are both 2181",
         fix="give zookeeper_admin_port another port"),
    Case("ports_clash_two_hosts_one_machine", _hosts(2, zookeeper_server_address="127.0.0.1"),
         names=["zk1 and zk2:"], variable="both are reached at 127.0.0.1 (zookeeper_server_address)",
         fix="give zk2 other ports, or each host its own zookeeper_server_address",
         also=["zookeeper_quorum_port 2888"]),
    Case("pseudo_cluster_port_clash", _instances({}, {"client_port": 2181}), names=["zk:"],
         variable="zookeeper_instances: instances 1 and 2 both use port 2181",
         fix="give instance 2 another client_port"),
    Case("pseudo_cluster_data_dir_clash", _instances({"data_dir": "{tmp}/shared"}, {"data_dir": "{tmp}/shared"}),
         names=["zk:"], variable="zookeeper_instances: instances 1 and 2 both use directory",
         fix="give instance 2 another data_dir"),
    Case("pseudo_cluster_container_name_clash",
         _instances({"container_name": "zk-a"}, {"container_name": "zk-a"},
                    zookeeper_docker_network="zkops-refusals", **_DOCKER),
         names=["zk:", "zk instance 1 and zk instance 2 both use"], variable="zookeeper_instances",
         fix="give each instance its own container_name", also=["container name zk-a"]),
    # ---------------------------------------------------------------- zoo.cfg
    Case("tick_time_zero", {"zk1": {"zookeeper_tick_time": 0}}, names=["zk1:"],
         variable="zookeeper_tick_time is 0 (zoo.cfg tickTime), below its minimum 1", fix="set it to 1 or more"),
    Case("init_limit_zero", _hosts(2, zookeeper_init_limit=0), names=["zk1:"],
         variable="zookeeper_init_limit is 0 (zoo.cfg initLimit), below its minimum 1", fix="set it to 1 or more"),
    Case("extra_config_below_minimum", {"zk1": {"zookeeper_extra_config": {"syncLimit": 0}}}, names=["zk1:"],
         variable="zookeeper_extra_config.syncLimit is 0 (zoo.cfg syncLimit, overriding zookeeper_sync_limit)",
         fix="set it to 1 or more"),
    Case("extra_config_sets_a_role_key", {"zk1": {"zookeeper_extra_config": {"clientPort": 2182}}}, names=["zk1:"],
         variable="zookeeper_extra_config sets clientPort, which the role writes from zookeeper_client_port",
         fix="drop it from zookeeper_extra_config and set that variable instead"),
    Case("extra_config_typo_of_server", {"zk1": {"zookeeper_extra_config": {"sever.1": "zk1:2888:3888"}}},
         names=["zk1:"], variable="zookeeper_extra_config sets 'sever.1', which is not a zoo.cfg key",
         fix="did you mean server.1? The role writes it from the inventory"),
    Case("extra_config_yes_no", {"zk1": {"zookeeper_extra_config": {"forceSync": "false"}}}, names=["zk1:"],
         variable="zookeeper_extra_config.forceSync is 'false'", fix="write yes or no"),
    Case("extra_config_session_timeouts", {"zk1": {"zookeeper_extra_config": {"minSessionTimeout": 60000,
                                                                              "maxSessionTimeout": 4000}}},
         names=["zk1:"], variable="zookeeper_extra_config.minSessionTimeout (60000) is above "
                                  "zookeeper_extra_config.maxSessionTimeout (4000)",
         fix="lower minSessionTimeout or raise maxSessionTimeout"),
    Case("four_letter_word_unknown", {"zk1": {"zookeeper_four_letter_words": ["srvr", "mntr", "stst"]}},
         names=["zk1:"], variable="zookeeper_four_letter_words lists 'stst' (zoo.cfg 4lw.commands.whitelist)",
         fix="did you mean 'stat'?"),
    # ---------------------------------------------------------------- install source, versions, directories
    Case("version_not_a_release", {"zk1": {"zookeeper_version": "3.9"}}, names=["zk1:"],
         variable="zookeeper_version is '3.9'", fix="set it to a release number such as 3.8.0"),
    Case("archive_and_version_disagree",
         {"zk1": {"zookeeper_archive_src": "{tmp}/apache-zookeeper-3.8.0-bin.tar.gz", "zookeeper_version": "3.9.3"}},
         names=["zk1:"], variable="zookeeper_archive_src", fix="make them agree",
         also=["holds ZooKeeper 3.8.0 but zookeeper_version is 3.9.3"]),
    Case("install_method_unknown", {"zk1": {"zookeeper_install_method": "rpm"}}, names=["zk1"],
         variable="zookeeper_install_method", fix="must be one of: archive, package", also=["got: rpm"],
         task=ARGUMENTS),
    # With install_method package the preflight first asks apt-cache (read-only) which versions are offered.
    Case("package_owns_the_data_dir",
         {"zk1": {"zookeeper_install_method": "package", "zookeeper_version": "3.8.0",
                  "zookeeper_data_dir": "/var/lib/zookeeper"}},
         names=["zk1:"], variable="zookeeper_data_dir is /var/lib/zookeeper, where the OS package owns a myid symlink",
         fix="use another directory such as /var/lib/zookeeper/data"),
    # ---------------------------------------------------------------- rooms
    Case("rooms_unbalanced", _rooms("aaabc"), names=["zk1, zk2, zk3"],
         variable="room 'a' (zookeeper_room) holds 3 of 5 voters",
         fix="use a: 2, b: 2, c: 1: move zk3 from a to b (zookeeper_room: b)", task=PLACEMENT),
    Case("rooms_listed_twice", _hosts(3), {"zookeeper_rooms": ["a", "b", "a"]}, names=["zk1, zk2, zk3:"],
         variable="rooms (zookeeper_rooms) lists room 'a' twice", fix="list every room once: a, b", task=PLACEMENT),
    Case("primary_room_unknown", _rooms("aaabb"), {"zookeeper_primary_room": "dc3"}, names=["zk1, zk2, zk3, zk4, zk5:"],
         variable="primary_room (zookeeper_primary_room) is 'dc3', not one of the rooms a (zk1, zk2, zk3) and b",
         fix="set it to a or b", task=PLACEMENT),
    Case("two_rooms_without_primary", _rooms("aab"), names=["zk1, zk2, zk3:"],
         variable="need primary_room (zookeeper_primary_room)",
         fix="set it to the more reliable room, a or b", task=PLACEMENT),
    Case("primary_room_without_majority", _rooms("aabbb"), {"zookeeper_primary_room": "a"}, names=["(zk1, zk2)"],
         variable="primary room 'a' (zookeeper_primary_room) holds 2 of 5 voters",
         fix="move zk5 from b to a (zookeeper_room: a)", task=PLACEMENT),
    Case("room_missing_on_a_voter", _rooms("ab-"), names=["zk3:", "zk1, zk2 have one"],
         variable="no room (zookeeper_room)", fix="give every voter a zookeeper_room, or none", task=PLACEMENT),
    Case("room_not_in_rooms", _rooms("abd"), {"zookeeper_rooms": ["a", "b", "c"]}, names=["zk3:"],
         variable="room (zookeeper_room) is 'd', not one of the rooms (zookeeper_rooms) a, b, c",
         fix="set zookeeper_room to one of those rooms, or add 'd' to zookeeper_rooms", task=PLACEMENT),
    Case("primary_room_differs_between_hosts",
         dict(_rooms("aab", zookeeper_primary_room="a"), zk3={"zookeeper_room": "b", "zookeeper_primary_room": "b"}),
         names=["zk1, zk2, zk3:", "'a' on zk1, zk2; 'b' on zk3"], variable="zookeeper_primary_room differs",
         fix="set it once, for the group (group_vars)"),
    Case("rooms_with_a_pseudo_cluster", _instances(zookeeper_room="a"), names=["zk:"],
         variable="zookeeper_instances runs 3 servers here",
         fix="unset zookeeper_instances, or drop zookeeper_room and zookeeper_rooms", task=ROOM_SETTINGS),
    Case("hierarchical_quorum_over_two_rooms", _rooms("aab"),
         {"zookeeper_primary_room": "a", "zookeeper_hierarchical_quorum": True}, names=["zk1, zk2, zk3:"],
         variable="zookeeper_hierarchical_quorum", fix="set zookeeper_hierarchical_quorum: false",
         also=["losing EITHER room would stop the ensemble"], task=HIERARCHICAL),
    Case("hierarchical_quorum_without_rooms", _hosts(3), {"zookeeper_hierarchical_quorum": True},
         names=["zk1, zk2, zk3:"],
         variable="zookeeper_hierarchical_quorum makes one quorum group per room, but no host has a room",
         fix="set zookeeper_room on every voter (or zookeeper_rooms), or set zookeeper_hierarchical_quorum: false",
         task=HIERARCHICAL),
    # ---------------------------------------------------------------- observers and weights
    Case("all_observers", _hosts(2, zookeeper_peer_type="observer"), names=["zk1, zk2:"],
         variable="zookeeper_peer_type is observer on every server",
         fix="set zookeeper_peer_type: participant on at least one host"),
    Case("all_observers_in_rooms", _rooms("ab", zookeeper_peer_type="observer"), names=["zk1, zk2:"],
         variable="zookeeper_peer_type is observer on every server",
         fix="set zookeeper_peer_type: participant on at least one host"),
    Case("pseudo_cluster_of_observers",
         _instances({"peer_type": "observer"}, {"peer_type": "observer"}, {"peer_type": "observer"}),
         names=["zk:", "zk instance 1, zk instance 2, zk instance 3"],
         variable="zookeeper_instances[N].peer_type is observer on every server",
         fix="set peer_type: participant on at least one item of zookeeper_instances"),
    Case("peer_type_unknown", {"zk1": {"zookeeper_peer_type": "witness"}}, names=["zk1"],
         variable="zookeeper_peer_type", fix="must be one of: participant, observer", also=["got: witness"],
         task=ARGUMENTS),
    Case("weights_all_zero", _rooms("abc", zookeeper_weight=0), {"zookeeper_hierarchical_quorum": True},
         names=["zk1, zk2, zk3:"], variable="zookeeper_weight is 0 on every voter",
         fix="give the voters zookeeper_weight 1 (the default) or more"),
    Case("weights_zero_in_a_room", dict(_rooms("abc"), zk3={"zookeeper_room": "c", "zookeeper_weight": 0}),
         {"zookeeper_hierarchical_quorum": True}, names=["zk3:"],
         variable="zookeeper_weight is 0 on every voter of quorum group(s) 3",
         fix="give them zookeeper_weight 1 or more", also=["losing either of their rooms stops the ensemble"]),
    # ---------------------------------------------------------------- docker
    Case("deployment_unknown", {"zk1": {"zookeeper_deployment": "kubernetes"}}, names=["zk1"],
         variable="zookeeper_deployment", fix="must be one of: systemd, docker", also=["got: kubernetes"],
         task=ARGUMENTS),
    Case("docker_user_network_on_two_hosts", _hosts(2, zookeeper_docker_network="zkops-refusals", **_DOCKER),
         names=["zk1, zk2:"], variable="zookeeper_docker_network puts the servers on a user network of ONE Docker host",
         fix="use host networking (zookeeper_docker_network: host)"),
    Case("docker_image_not_a_reference", {"zk1": dict(_DOCKER, zookeeper_docker_image="ZooKeeper")}, names=["zk1:"],
         variable="the container image 'ZooKeeper:3.9.3' (zookeeper_docker_registry + zookeeper_docker_image",
         fix="set zookeeper_docker_image to a lowercase repository"),
    # ---------------------------------------------------------------- security
    Case("sasl_without_quorum_password", _hosts(1, zookeeper_sasl_enabled=True, zookeeper_super_password="s3cret"),
         names=["zk1:"], variable="zookeeper_sasl_quorum_password is empty",
         fix="give the password the servers share inside the quorum"),
    Case("reconfig_without_super_password", _hosts(1, zookeeper_reconfig_enabled=True), names=["zk1:"],
         variable="zookeeper_reconfig_enabled is true but zookeeper_super_password is empty",
         fix="give the super user's password"),
    Case("super_digest_in_a_jvm_flag",
         _hosts(1, zookeeper_jvm_flags=["-Dzookeeper.DigestAuthenticationProvider.superDigest=super:abc="]),
         names=["zk1:"], variable="zookeeper_jvm_flags has -Dzookeeper.DigestAuthenticationProvider.superDigest=...",
         fix="drop it: the super user logs in over SASL", also=["visible to every local user"]),
    Case("admin_server_open_with_tls", _hosts(1, zookeeper_tls_enabled=True, zookeeper_admin_address="0.0.0.0"),
         names=["zk1:"], variable="zookeeper_admin_address is '0.0.0.0' with TLS or SASL on",
         fix="keep it on 127.0.0.1"),
    Case("old_super_user_variable", _hosts(1, zookeeper_reconfig_super_password="s3cret"), names=["zk1:"],
         variable="zookeeper_reconfig_super_password is no longer read", fix="use zookeeper_super_password instead"),
]
