# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Preflight and plan of a bare-metal ensemble, before any host is touched.

Input: one *host spec* per inventory host (the role's ``zookeeper_*`` variables
without the prefix), plus the ids already held by the servers' ``myid`` files.
Output: every problem (naming the host, the variable and the fix), the size
warnings, and the plan the role renders from: each server's id, address,
ports, directories and zoo.cfg settings, the ``server.N`` list, the client
connect string.

Host spec keys: host, address, id, instances, client_port, quorum_port,
election_port, admin_port, metrics_port, data_dir, data_log_dir,
install_method, version, mirror, archive_src, settings (the zoo.cfg settings
every server shares), extra_config; optional: conf_dir and log_dir (roots of
each server's ``server<id>`` configuration and log directories, default
/etc/zookeeper and /var/log/zookeeper); optional (rooms): peer_type
(participant or observer), quorum_group (hierarchical quorum group number of
the host's room), weight, shared (variable -> value of the settings the room
plan reads from one host: every host must have the same, e.g.
zookeeper_primary_room); optional (package installs): package_name and
package_versions, the versions the host's package manager offers (empty when
it was not asked or knows none); optional (docker): deployment, docker_network,
docker_name_prefix and docker = {image (full reference repo:tag),
restart_policy, log_max_size, log_max_file, memory ('' = no limit)}.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import os
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible_collections.zkops.ensemble.plugins.module_utils._myid import (
    MyidError,
    plan_ids,
    read_myid,
    validate_id,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import MAX_SERVER_ID, size_warnings
from ansible_collections.zkops.ensemble.plugins.module_utils._security import MANAGED_KEYS as SECURITY_MANAGED_KEYS
from ansible_collections.zkops.ensemble.plugins.module_utils._security import jvm_flags as security_jvm_flags
from ansible_collections.zkops.ensemble.plugins.module_utils._security import settings as security_settings
from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import ZooCfgError, format_host, port_number
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import check_instances, render, validate
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg_keys import (
    BOOLEAN_KEYS,
    INDEXED_KEY,
    format_value,
    is_known_key,
    suggest_key,
    value_issues,
)

INSTALL_METHODS = ("archive", "package")
DEPLOYMENTS = ("systemd", "docker")
# Where the zookeeper image (official or alike) keeps its data inside a container.
DOCKER_DATA_DIR = "/data"
DOCKER_DATA_LOG_DIR = "/datalog"
# Where a container sees the host's TLS directory (zookeeper_tls_dir, mounted read-only).
DOCKER_TLS_DIR = "/tls"
# The role's defaults of zookeeper_conf_dir and zookeeper_log_dir.
DEFAULT_CONF_DIR = "/etc/zookeeper"
DEFAULT_LOG_DIR = "/var/log/zookeeper"
# The role's defaults of the zookeeper_docker_* container settings (image has none: it is required).
DOCKER_DEFAULTS = {"image": None, "restart_policy": "unless-stopped", "log_max_size": "10m", "log_max_file": 5,
                   "memory": ""}
# Debian's zookeeper package ships <this>/myid as a symlink into its own conf dir.
PACKAGE_OWNED_DIR = "/var/lib/zookeeper"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_URL = re.compile(r"^(https?|file)://\S+$")
# A Docker image reference: [registry[:port]/]lowercase/path[:tag][@digest].
_IMAGE_PATH = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE_REFERENCE = re.compile(r"^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d+)?/)?%s(?:/%s)*"
                              r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$"
                              % (_IMAGE_PATH, _IMAGE_PATH))
# The zoo.cfg settings every server of a host shares, and the role variable each one comes from: the
# role's vars/main.yml (__zookeeper_settings) maps them; tests/unit/test_setting_variables.py fails when
# the two drift apart. A problem with one of these values names the variable, not the zoo.cfg key.
SETTING_VARIABLES = {
    "tickTime": "zookeeper_tick_time",
    "initLimit": "zookeeper_init_limit",
    "syncLimit": "zookeeper_sync_limit",
    "maxClientCnxns": "zookeeper_max_client_cnxns",
    "autopurge.snapRetainCount": "zookeeper_autopurge_snap_retain_count",
    "autopurge.purgeInterval": "zookeeper_autopurge_purge_interval",
    "standaloneEnabled": "zookeeper_standalone_enabled",
    "reconfigEnabled": "zookeeper_reconfig_enabled",
    "4lw.commands.whitelist": "zookeeper_four_letter_words",
    "admin.enableServer": "zookeeper_admin_enabled",
    "admin.serverAddress": "zookeeper_admin_address",
    "metricsProvider.className": "zookeeper_prometheus_enabled",
    "metricsProvider.httpHost": "zookeeper_prometheus_address",
}
# The zoo.cfg settings of each server of its own: (role variable, key of a zookeeper_instances item).
SERVER_SETTING_VARIABLES = {
    "dataDir": ("zookeeper_data_dir", "data_dir"),
    "dataLogDir": ("zookeeper_data_log_dir", "data_log_dir"),
    "clientPort": ("zookeeper_client_port", "client_port"),
    "secureClientPort": ("zookeeper_secure_client_port", "secure_client_port"),
    "admin.serverPort": ("zookeeper_admin_port", "admin_port"),
    "metricsProvider.httpPort": ("zookeeper_prometheus_port", "metrics_port"),
    "peerType": ("zookeeper_peer_type", "peer_type"),
}
# zoo.cfg keys the role writes for each server from its own variables: zookeeper_extra_config must not set them.
MANAGED_KEYS = dict((key, "%s (or %s of an instance)" % pair) for key, pair in SERVER_SETTING_VARIABLES.items())
# TLS and SASL keys: written phase by phase from zookeeper_tls_* and zookeeper_sasl_* (module_utils/_security.py).
MANAGED_KEYS.update((key, "zookeeper_tls_enabled and zookeeper_sasl_enabled (the role writes the TLS and SASL keys "
                     "phase by phase)") for key in SECURITY_MANAGED_KEYS if key not in MANAGED_KEYS)
# What writes the indexed keys.
_INDEXED_WRITERS = {
    "server": "the inventory (every host of the group, with its zookeeper_server_address, ports and zookeeper_id "
              "or zookeeper_instances)",
    "group": "zookeeper_room with zookeeper_hierarchical_quorum (one group per room)",
    "weight": "zookeeper_weight with zookeeper_hierarchical_quorum",
}
_INSTANCE_KEYS = ("id", "client_port", "quorum_port", "election_port", "admin_port", "metrics_port",
                  "data_dir", "data_log_dir", "secure_client_port")
# An instance without secure_client_port listens for TLS on its client_port + this.
SECURE_PORT_OFFSET = 100
# The four-letter words quorum_check needs (srvr from every server, mntr from the leader).
CHECK_WORDS = ("srvr", "mntr")
PEER_TYPES = ("participant", "observer")


def _label(host, index, multi):
    return "%s instance %d" % (host, index + 1) if multi else host


def _field_var(field, index=None, multi=False):
    """The variable that sets a server's ``field`` (id, client_port, ...), as the user wrote it: its
    zookeeper_instances item's in a pseudo-cluster, else the host's (metrics_port: zookeeper_prometheus_port)."""
    if multi:
        return "zookeeper_instances[%d].%s" % (index, field)
    return "zookeeper_prometheus_port" if field == "metrics_port" else "zookeeper_%s" % field


def host_instances(spec: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], List[str]]:
    """(instances, problems) of one host spec: its servers with their ports and directories.

    A host without ``instances`` runs one server with the host-level values; a
    host with ``instances`` (a pseudo-cluster) runs one server per item, each with
    its own id, ports and data directory (default ``<data_dir><id>``). An id may
    be None here: the plan gives it one.
    """
    host = str(spec.get("host") or "?")
    address = spec.get("address") or host
    problems = []
    raw = spec.get("instances")
    # Docker on a user network: every server has its own container and network namespace, so
    # the in-container ports are the host-level ones and client_port is the port published on the host.
    bridged = _bridged(spec)
    if raw in (None, "", []):
        items, multi = [{}], False
        inherit = ("id", "client_port", "quorum_port", "election_port", "admin_port", "metrics_port",
                   "data_dir", "data_log_dir", "secure_client_port")
    elif not isinstance(raw, (list, tuple)):
        return [], ["%s: zookeeper_instances is %r, not a list; give a list of {id, client_port, quorum_port, "
                    "election_port, admin_port, data_dir} or leave it empty for one server" % (host, raw)]
    else:
        items, multi = list(raw), True
        inherit = ("admin_port", "metrics_port") + (("quorum_port", "election_port") if bridged else ())
        if spec.get("id") not in (None, ""):
            problems.append("%s: zookeeper_id (%s) and zookeeper_instances are both set; with instances every "
                            "server's id goes into its instance (zookeeper_instances[N].id): unset zookeeper_id"
                            % (host, spec.get("id")))
    instances = []
    for index, item in enumerate(items):
        label = _label(host, index, multi)
        if not isinstance(item, dict):
            problems.append("%s: zookeeper_instances[%d] is %r, not a dict; write each instance as {id: 1, "
                            "client_port: 2181, quorum_port: 2888, election_port: 3888, admin_port: 8081}"
                            % (host, index, item))
            continue
        unknown = sorted(set(item) - set(_INSTANCE_KEYS) - set(("peer_type", "container_name")))
        if unknown:
            problems.append("%s: zookeeper_instances[%d] has unknown key(s) %s; allowed: %s"
                            % (host, index, ", ".join(unknown),
                               ", ".join(_INSTANCE_KEYS + ("peer_type", "container_name"))))
        inst = {"host": host, "address": address, "label": label, "index": index}
        # An observer follows the leader but never votes: it gets ":observer" and peerType=observer.
        peer_type = (item.get("peer_type") if multi else None) or spec.get("peer_type") or "participant"
        if peer_type not in PEER_TYPES:
            var = "zookeeper_instances[%d].peer_type" % index if multi and item.get("peer_type") else "zookeeper_peer_type"
            problems.append("%s: %s is %r; set it to participant or observer" % (host, var, peer_type))
            peer_type = "participant"
        inst["peer_type"] = peer_type
        for key in ("client_port", "quorum_port", "election_port", "admin_port", "metrics_port", "secure_client_port"):
            value = item.get(key)
            if value is None and key in inherit:
                value = spec.get(key)
            if value is None and key == "secure_client_port" and inst.get("client_port") is not None:
                value = inst["client_port"] + SECURE_PORT_OFFSET
            if value is None:
                if key in ("client_port", "quorum_port", "election_port"):
                    problems.append("%s: zookeeper_instances[%d] has no %s; give every instance its own %s"
                                    % (host, index, key, key))
                inst[key] = None
                continue
            number = port_number(value)
            if number is None:
                problems.append("%s: %s is %r, not a port from 1 to 65535; pick a free port in that range"
                                % (host, _field_var(key, index, multi), value))
            inst[key] = number
        raw_id = item.get("id") if multi else spec.get("id")
        if raw_id in (None, ""):
            if multi:
                problems.append("%s: zookeeper_instances[%d] has no id; give every instance an id in 1..%d, "
                                "unique in the ensemble" % (host, index, MAX_SERVER_ID))
            inst["id"] = None
        else:
            try:
                inst["id"] = validate_id(raw_id)
            except MyidError as exc:
                message = str(exc)
                if message.startswith("zookeeper_id "):
                    message = message[len("zookeeper_id "):]
                problems.append("%s: %s %s" % (host, _field_var("id", index, multi), message))
                inst["id"] = None
        data_dir = item.get("data_dir") if multi else None
        base = spec.get("data_dir") or ""
        if not data_dir:
            if multi and inst["id"] is not None and base:
                data_dir = "%s%d" % (str(base).rstrip("/"), inst["id"])
            elif not multi:
                data_dir = base
        data_log_dir = item.get("data_log_dir") if multi else spec.get("data_log_dir")
        for key, value in (("data_dir", data_dir), ("data_log_dir", data_log_dir)):
            var = "zookeeper_instances[%d].%s" % (index, key) if multi else "zookeeper_%s" % key
            if value in (None, ""):
                if key == "data_dir":
                    problems.append("%s: %s is not set; give an absolute path such as /var/lib/zookeeper"
                                    % (host, var))
                inst[key] = None
                continue
            if not isinstance(value, str) or not os.path.isabs(value):
                problems.append("%s: %s is %r, not an absolute path; give one such as %s"
                                % (host, var, value, "/var/lib/zookeeper/data" if key == "data_dir"
                                   else "/var/lib/zookeeper/txnlog"))
                inst[key] = None
                continue
            inst[key] = os.path.normpath(value)
        # Docker: the container's name (default <zookeeper_docker_name_prefix><id>, set by plan) and the
        # client port inside it (on a user network the host-level one; client_port is then the published port).
        inst["container_name"] = (item.get("container_name") if multi else None) or None
        inst["container_client_port"] = port_number(spec.get("client_port")) if bridged else inst.get("client_port")
        if not multi:
            problems.extend(_own_port_problems(host, inst, spec.get("settings") or {}, _tls_on(spec)))
        instances.append(inst)
    if multi and bridged:
        problems.extend(_bridged_instance_problems(host, instances))
    elif multi:
        problems.extend("%s: zookeeper_instances: %s" % (host, p) for p in check_instances(
            [dict((k, v) for k, v in inst.items() if k in _INSTANCE_KEYS and k != "metrics_port"
                  and (k != "secure_client_port" or _tls_on(spec)))
             for inst in instances]))
        metrics = {}
        for inst in instances:
            if inst.get("metrics_port") is not None and spec.get("settings", {}).get("metricsProvider.className"):
                metrics.setdefault(inst["metrics_port"], []).append(inst["label"])
        for number in sorted(metrics):
            if len(metrics[number]) > 1:
                problems.append("%s: zookeeper_instances: %s all use metrics port %d; give each instance its own "
                                "metrics_port" % (host, ", ".join(metrics[number]), number))
    return instances, problems


def _bridged(spec):
    """True for docker servers on a user network (zookeeper_docker_network), False for host networking."""
    return spec.get("deployment") == "docker" and str(spec.get("docker_network") or "host") != "host"


def _bridged_instance_problems(host, instances):
    """Containers on a user network share only the host's published client ports and directories."""
    problems = []
    for field, what in (("client_port", "published port"), ("data_dir", "data directory"),
                        ("data_log_dir", "transaction log directory"), ("container_name", "container name")):
        users = {}
        for inst in instances:
            if inst.get(field) is not None:
                users.setdefault(inst[field], []).append(inst["label"])
        for value in sorted(users, key=str):
            if len(users[value]) > 1:
                problems.append("%s: zookeeper_instances: %s %s use %s %s; give each instance its own %s"
                                % (host, " and ".join(users[value]), "both" if len(users[value]) == 2 else "all",
                                   what, value, field))
    return problems


def _docker_problems(specs, instances):
    """Docker deployment: one user network means one Docker host; container names unique per host."""
    problems = []
    for spec in specs:
        if (spec.get("deployment") or "systemd") not in DEPLOYMENTS:
            problems.append("%s: zookeeper_deployment is %r; set it to systemd or docker"
                            % (spec.get("host"), spec.get("deployment")))
    for spec in specs:
        if spec.get("deployment") == "docker":
            problems.extend(_docker_settings(spec)[1])
    bridged = sorted(set(str(s.get("host")) for s in specs if _bridged(s)))
    if len(bridged) > 1:
        problems.append("%s: zookeeper_docker_network puts the servers on a user network of ONE Docker host, but "
                        "%d hosts set it; for one container per host use host networking "
                        "(zookeeper_docker_network: host)" % (", ".join(bridged), len(bridged)))
    names = {}
    for inst in instances:
        if inst["spec"].get("deployment") == "docker" and inst.get("container_name"):
            names.setdefault((inst["host"], inst["container_name"]), []).append(inst["label"])
    for (host, name), labels in sorted(names.items()):
        if len(labels) > 1:
            problems.append("%s: %s would all run as container %s; give each instance its own container_name"
                            % (host, " and ".join(labels), name))
    return problems


def _docker_settings(spec):
    """(settings, problems) of a docker host's containers: spec ``docker`` over the role's defaults."""
    host = spec.get("host")
    given = spec.get("docker")
    if given in (None, ""):
        given = {}
    if not isinstance(given, dict):
        return dict(DOCKER_DEFAULTS), ["%s: the docker settings are %r, not a dict of image, restart_policy, "
                                       "log_max_size, log_max_file and memory" % (host, given)]
    settings = dict(DOCKER_DEFAULTS)
    settings.update((key, value) for key, value in given.items() if value is not None)
    problems = []
    unknown = sorted(set(given) - set(DOCKER_DEFAULTS), key=str)
    if unknown:
        problems.append("%s: the docker settings have unknown key(s) %s; allowed: %s"
                        % (host, ", ".join(str(k) for k in unknown), ", ".join(DOCKER_DEFAULTS)))
    image = settings.get("image")
    if not isinstance(image, str) or not _IMAGE_REFERENCE.match(image):
        problems.append("%s: the container image %r (zookeeper_docker_registry + zookeeper_docker_image + ':' + "
                        "zookeeper_version) is not an image reference; set zookeeper_docker_image to a lowercase "
                        "repository such as zookeeper or library/zookeeper (zookeeper_docker_registry to a prefix "
                        "such as registry.example.com/ or empty) so that the image reads like zookeeper:3.9.3"
                        % (host, image))
    return settings, problems


def _root_dirs(spec):
    """(conf_dir, log_dir, problems): the roots of the servers' configuration and log directories."""
    roots, problems = [], []
    for key, default in (("conf_dir", DEFAULT_CONF_DIR), ("log_dir", DEFAULT_LOG_DIR)):
        value = spec.get(key)
        if value in (None, ""):
            value = default
        if not isinstance(value, str) or not os.path.isabs(value):
            problems.append("%s: zookeeper_%s is %r, not an absolute path; give one such as %s"
                            % (spec.get("host"), key, value, default))
            value = default
        roots.append(os.path.normpath(value))
    return roots[0], roots[1], problems


def container(server: Dict[str, Any], spec: Dict[str, Any], docker: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The container of one planned server, as community.docker.docker_container takes it.

    ``server``: its entry in the plan (id, client, client_port, container_name,
    container_client_port, data_dir, data_log_dir, conf_dir, log_dir). ``spec``:
    its host's spec (docker_network). ``docker``: the container settings
    (default: the spec's ``docker`` over the role's defaults). On a user network
    the container is reachable by name and its client port is published on the host.
    """
    if docker is None:
        docker = _docker_settings(spec)[0]
    result = {
        "name": server["container_name"],
        "image": docker.get("image"),
        "network_mode": spec.get("docker_network") if _bridged(spec) else "host",
        "volumes": ["%s:/conf:ro" % server["conf_dir"], "%s:%s" % (server["data_dir"], DOCKER_DATA_DIR),
                    "%s:/logs" % server["log_dir"]]
        + (["%s:%s" % (server["data_log_dir"], DOCKER_DATA_LOG_DIR)] if server.get("data_log_dir") else [])
        + (["%s:%s:ro" % (spec["security"]["tls_dir"], DOCKER_TLS_DIR)] if _tls_on(spec) else []),
        "restart_policy": docker.get("restart_policy"),
        "log_options": {"max-size": docker.get("log_max_size"), "max-file": str(docker.get("log_max_file"))},
        "labels": {"org.zkops.ensemble.server-id": str(server["id"]),
                   "org.zkops.ensemble.client": server["client"]},
    }
    if _bridged(spec):
        result["networks"] = [{"name": spec.get("docker_network")}]
        result["hostname"] = server["container_name"]
        result["published_ports"] = ["%s:%s" % (server["client_port"], server["container_client_port"])]
    if docker.get("memory") not in (None, ""):
        result["memory"] = docker["memory"]
    return result


_LOOPBACK_ADDRESSES = ("127.0.0.1", "::1", "localhost")
_SASL_NAME = re.compile(r"^[A-Za-z0-9_.@-]+$")


def _security_problems(spec):
    """TLS and SASL inputs of a host. The spec carries whether each password is set, never the password."""
    security = spec.get("security") if isinstance(spec.get("security"), dict) else {}
    host = spec.get("host")
    problems = []
    tls, sasl = int(security.get("tls") or 0), int(security.get("sasl") or 0)
    reconfig = bool(security.get("reconfig_auth"))
    if sasl and not security.get("quorum_password_set"):
        problems.append("%s: zookeeper_sasl_enabled is true but zookeeper_sasl_quorum_password is empty; give the "
                        "password the servers share inside the quorum (from Ansible Vault)" % host)
    if (sasl or reconfig) and not security.get("super_password_set"):
        reason = "zookeeper_sasl_enabled is true" if sasl else "zookeeper_reconfig_enabled is true"
        problems.append("%s: %s but zookeeper_super_password is empty; give the super user's password (from Ansible "
                        "Vault): the super user logs in over SASL" % (host, reason))
    for what, name in [("zookeeper_super_user", security.get("super_user")),
                       ("zookeeper_sasl_quorum_user", security.get("quorum_user"))] + [
            ("a name in zookeeper_sasl_users", user) for user in security.get("sasl_users") or []]:
        if (sasl or reconfig) and not (isinstance(name, str) and _SASL_NAME.match(name)):
            problems.append("%s: %s is %r; a SASL login name is letters, digits and _ . @ - only" % (host, what, name))
    if (tls or sasl) and str(security.get("admin_address") or "") not in _LOOPBACK_ADDRESSES \
            and security.get("admin_enabled") is not False:
        problems.append("%s: zookeeper_admin_address is %r with TLS or SASL on; the AdminServer answers without "
                        "authentication, so keep it on 127.0.0.1 (or set zookeeper_admin_enabled to false)"
                        % (host, security.get("admin_address")))
    if tls and _bridged(spec):
        problems.append("%s: zookeeper_tls_enabled with zookeeper_docker_network %r is not supported yet; use "
                        "zookeeper_docker_network: host for a secure docker deployment"
                        % (host, spec.get("docker_network")))
    if security.get("client_auth") not in (None, "need", "want", "none"):
        problems.append("%s: zookeeper_tls_client_auth is %r; set need, want or none"
                        % (host, security.get("client_auth")))
    for flag in security.get("secret_jvm_flags") or []:
        problems.append("%s: zookeeper_jvm_flags has %s=...: a -D flag is visible to every local user (ps) and in the "
                        "AdminServer's system properties; drop it: the super user logs in over SASL "
                        "(zookeeper_super_user, zookeeper_super_password) and TLS stores need no password" % (host, flag))
    for old in security.get("removed_variables") or []:
        problems.append("%s: %s is no longer read; use %s instead" % (host, old, old.replace("reconfig_super", "super")))
    return problems


def _tls_on(spec):
    """True when the host's servers are to listen with TLS (zookeeper_tls_enabled)."""
    security = spec.get("security") if isinstance(spec.get("security"), dict) else {}
    return int(security.get("tls") or 0) >= 1


def _own_port_problems(host, inst, settings, tls=False):
    """One server's own ports must differ (clashes between instances are check_instances' job)."""
    used = {}
    fields = ["client_port", "quorum_port", "election_port"] + (["secure_client_port"] if tls else [])
    if settings.get("admin.enableServer") is not False:
        fields.append("admin_port")
    if settings.get("metricsProvider.className"):
        fields.append("metrics_port")
    for field in fields:
        if inst.get(field) is not None:
            used.setdefault(inst[field], []).append(_field_var(field))
    return ["%s: %s are %s %d; every port of a server must differ: give %s another port"
            % (host, " and ".join(names), "both" if len(names) == 2 else "all", number, names[-1])
            for number, names in sorted(used.items()) if len(names) > 1]


def _existing_ids(host, instances, files):
    """{data_dir: id} from the myid file contents read on ``host`` ({data_dir: text}), and problems."""
    found, problems = {}, []
    files = files or {}
    for inst in instances:
        data_dir = inst.get("data_dir")
        if data_dir is None or files.get(data_dir) is None:
            continue
        path = os.path.join(data_dir, "myid")
        try:
            found[data_dir] = read_myid(files[data_dir], path)
        except MyidError as exc:
            problems.append("%s: %s; this data directory belongs to a server whose id is unknown: fix the file "
                            "by hand or wipe the data directory" % (host, exc))
    return found, problems


def _source_problems(spec, instances=None):
    host = spec.get("host")
    problems = []
    method = spec.get("install_method")
    version = spec.get("version")
    if method not in INSTALL_METHODS:
        problems.append("%s: zookeeper_install_method is %r; set it to archive or package" % (host, method))
    if not isinstance(version, str) or not _VERSION.match(version):
        problems.append("%s: zookeeper_version is %r; set it to a release number such as 3.8.0" % (host, version))
    for inst in instances or ():
        if method == "package" and inst.get("data_dir") == PACKAGE_OWNED_DIR:
            problems.append("%s: zookeeper_data_dir is %s, where the OS package owns a myid symlink (to "
                            "/etc/zookeeper/conf/myid) that package upgrades restore over the server's id; use "
                            "another directory such as %s/data" % (inst["label"], PACKAGE_OWNED_DIR, PACKAGE_OWNED_DIR))
    offered = [str(v) for v in spec.get("package_versions") or ()]
    if method == "package" and offered and isinstance(version, str) \
            and not any(fnmatch.fnmatchcase(v, version + "*") for v in offered):
        # The install pins <name>=<version>*: refuse now rather than fail on this host after others changed.
        problems.append("%s: zookeeper_version is %s but the package %s is offered only as %s by this host's "
                        "package sources; set zookeeper_version to one of those, add a package source that has "
                        "%s, or use zookeeper_install_method: archive (the Apache tarball)"
                        % (host, version, spec.get("package_name") or "zookeeper", ", ".join(offered), version))
    if method == "archive":
        src = spec.get("archive_src")
        mirror = spec.get("mirror")
        if src:
            name = os.path.basename(str(src))
            match = re.match(r"^apache-zookeeper-(\d+\.\d+\.\d+)-bin\.tar\.gz$", name)
            if match and isinstance(version, str) and match.group(1) != version:
                problems.append("%s: zookeeper_archive_src %s holds ZooKeeper %s but zookeeper_version is %s; "
                                "make them agree" % (host, src, match.group(1), version))
        elif not mirror or not isinstance(mirror, str) or not _URL.match(mirror):
            problems.append("%s: zookeeper_mirror is %r; give the URL above zookeeper/zookeeper-<version>/ (for "
                            "example https://archive.apache.org/dist) or a controller tarball in "
                            "zookeeper_archive_src" % (host, mirror))
    return problems


def _whitelist_problems(spec):
    words = spec.get("settings", {}).get("4lw.commands.whitelist")
    if words is None:
        return ["%s: zookeeper_four_letter_words is empty; the role checks the ensemble with %s, so list at least "
                "those words" % (spec.get("host"), " and ".join(CHECK_WORDS))]
    if isinstance(words, str):
        words = words.split(",")
    words = [str(w).strip() for w in words]
    missing = [w for w in CHECK_WORDS if w not in words and "*" not in words]
    if missing:
        return ["%s: zookeeper_four_letter_words lacks %s; the role's quorum checks (rolling restarts, site "
                "verification) need %s: add them" % (spec.get("host"), ", ".join(missing), " and ".join(CHECK_WORDS))]
    return []


def _extra_config_problems(spec):
    extra = spec.get("extra_config") or {}
    if not isinstance(extra, dict):
        return ["%s: zookeeper_extra_config is %r, not a dict of zoo.cfg key: value; write it as a dict such as "
                "{maxSessionTimeout: 60000}" % (spec.get("host"), extra)]
    problems = []
    for key in sorted(extra, key=str):
        if key in MANAGED_KEYS:
            problems.append("%s: zookeeper_extra_config sets %s, which the role writes from %s; drop it from "
                            "zookeeper_extra_config and set that variable instead"
                            % (spec.get("host"), key, MANAGED_KEYS[key]))
    return problems


def _setting_source(key, extra):
    """The variable a zoo.cfg setting of a host comes from, for a problem message."""
    if key in extra:
        return "zookeeper_extra_config.%s" % key
    return SETTING_VARIABLES.get(key) or "the setting %s" % key


def _setting_problems(spec):
    """Problems with the zoo.cfg settings a host's servers share, each naming the variable that set the value.

    The role's settings (``spec['settings']``, from the zookeeper_* variables) and zookeeper_extra_config
    (which wins over them); each server's own keys (dataDir, clientPort, ...) are checked with its ports and
    directories.
    """
    host = spec.get("host")
    settings = spec.get("settings") if isinstance(spec.get("settings"), dict) else {}
    extra = spec.get("extra_config") if isinstance(spec.get("extra_config"), dict) else {}
    problems = []
    for key in sorted(settings, key=str):
        value = settings[key]
        if value is None or key in extra or key in MANAGED_KEYS:
            continue
        var = SETTING_VARIABLES.get(key)
        for what, why, fix in value_issues(key, value):
            if var:
                problems.append("%s: %s %s (zoo.cfg %s), %s; %s" % (host, var, what, key, why, fix))
            else:
                problems.append("%s: the zoo.cfg setting %s %s, %s; %s" % (host, key, what, why, fix))
    for key in sorted(extra, key=str):
        value = extra[key]
        if key in MANAGED_KEYS:
            continue  # _extra_config_problems
        if not isinstance(key, str) or not key.strip() or "=" in key or any(c.isspace() for c in key):
            problems.append("%s: zookeeper_extra_config has the key %r, which is not a zoo.cfg key (no spaces, no "
                            "'='); fix its name or drop it" % (host, key))
            continue
        match = INDEXED_KEY.match(key)
        if match:
            problems.append("%s: zookeeper_extra_config sets %s, which the role writes from %s; drop it from "
                            "zookeeper_extra_config" % (host, key, _INDEXED_WRITERS[match.group(1)]))
            continue
        if not is_known_key(key):
            problems.append("%s: zookeeper_extra_config sets %r, which is not a zoo.cfg key: ZooKeeper would "
                            "silently ignore it; %s" % (host, key, _unknown_key_fix(key)))
            continue
        if value is None:
            continue
        text = format_value(key, value)
        if "\n" in text or "\r" in text:
            problems.append("%s: zookeeper_extra_config.%s holds a line break; write the value on one line"
                            % (host, key))
            continue
        if text != text.strip():
            problems.append("%s: zookeeper_extra_config.%s is %r, with leading or trailing spaces; drop them"
                            % (host, key, text))
            continue
        overrides = ", overriding %s" % SETTING_VARIABLES[key] if key in SETTING_VARIABLES else ""
        for what, why, fix in value_issues(key, value):
            problems.append("%s: zookeeper_extra_config.%s %s (zoo.cfg %s%s), %s; %s"
                            % (host, key, what, key, overrides, why, fix))
    merged = dict((k, v) for k, v in settings.items() if v is not None and k not in MANAGED_KEYS)
    merged.update((k, v) for k, v in extra.items() if v is not None and k not in MANAGED_KEYS)
    try:
        low, high = int(merged["minSessionTimeout"]), int(merged["maxSessionTimeout"])
    except (KeyError, TypeError, ValueError):
        low = high = None
    if low is not None and low > high >= 0:
        problems.append("%s: %s (%d) is above %s (%d); lower minSessionTimeout or raise maxSessionTimeout"
                        % (host, _setting_source("minSessionTimeout", extra), low,
                           _setting_source("maxSessionTimeout", extra), high))
    return problems


def _unknown_key_fix(key):
    """What to do about an unknown zookeeper_extra_config key: the key it was probably meant to be."""
    suggestion = suggest_key(key)
    if suggestion is None:
        return "fix its name (see the ZooKeeper administrator's guide) or drop it"
    match = INDEXED_KEY.match(suggestion)
    if match:
        return "did you mean %s? The role writes it from %s: drop it" % (suggestion, _INDEXED_WRITERS[match.group(1)])
    if suggestion in MANAGED_KEYS:
        return "did you mean %s? The role writes it from %s: drop it and set that variable" % (
            suggestion, MANAGED_KEYS[suggestion])
    if suggestion in SETTING_VARIABLES:
        return "did you mean %s? Set %s instead" % (suggestion, SETTING_VARIABLES[suggestion])
    return "did you mean %s? Rename it" % suggestion


def server_security(spec: Dict[str, Any], inst: Dict[str, Any], phase: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """{settings, jvm_flags, jaas_file} of one server in ``phase`` ({tls, sasl}; default: the spec's target).

    Paths are the ones the server sees: in a container the host's TLS directory
    is mounted at /tls and its configuration directory at /conf.
    """
    security = spec.get("security") if isinstance(spec.get("security"), dict) else {}
    phase = phase if isinstance(phase, dict) else security
    tls, sasl = int(phase.get("tls") or 0), int(phase.get("sasl") or 0)
    docker = spec.get("deployment") == "docker"
    tls_dir = DOCKER_TLS_DIR if docker else str(security.get("tls_dir") or "")
    if docker:
        conf_dir = "/conf"
    else:
        conf_dir = inst.get("conf_dir") or "%s/server%s" % (_root_dirs(spec)[0], inst.get("id"))
    jaas_file = "%s/jaas.conf" % conf_dir
    reconfig_auth = bool(security.get("reconfig_auth"))
    secure_port = inst.get("secure_client_port")
    return {
        "settings": security_settings(
            tls, sasl, secure_client_port=secure_port, keystore="%s/server.pem" % tls_dir,
            truststore="%s/ca.pem" % tls_dir, client_auth=str(security.get("client_auth") or "need"),
            super_user=str(security.get("super_user") or "super"), reconfig_auth=reconfig_auth),
        "jvm_flags": security_jvm_flags(tls, sasl, jaas_file, reconfig_auth),
        "jaas_file": jaas_file if sasl >= 1 or reconfig_auth else None,
    }


def instance_settings(spec: Dict[str, Any], inst: Dict[str, Any]) -> Dict[str, Any]:
    """The zoo.cfg settings of one server: shared settings, its own dirs and ports, zookeeper_extra_config."""
    settings = dict(spec.get("settings") or {})
    extra = spec.get("extra_config") if isinstance(spec.get("extra_config"), dict) else {}
    for key, value in extra.items():
        if key not in MANAGED_KEYS:
            settings[key] = value
    for key, value in list(settings.items()):
        # Older ansible-core templates booleans to 'True'/'False' strings.
        if key in BOOLEAN_KEYS and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            settings[key] = value.strip().lower() == "true"
    settings["dataDir"] = inst.get("data_dir")
    settings["dataLogDir"] = inst.get("data_log_dir")
    settings["clientPort"] = inst.get("client_port")
    if spec.get("deployment") == "docker":
        # Inside the container: the image's directories (the host's are mounted there) and its client port.
        settings["dataDir"] = DOCKER_DATA_DIR
        settings["dataLogDir"] = DOCKER_DATA_LOG_DIR if inst.get("data_log_dir") else None
        settings["clientPort"] = inst.get("container_client_port")
    if settings.get("admin.enableServer") is not False:
        settings["admin.serverPort"] = inst.get("admin_port")
    else:
        settings.pop("admin.serverPort", None)
    if inst.get("peer_type") == "observer":
        settings["peerType"] = "observer"
    settings.update(server_security(spec, inst)["settings"])
    if settings.get("metricsProvider.className"):
        settings["metricsProvider.httpPort"] = inst.get("metrics_port")
    else:
        for key in [k for k in settings if k.startswith("metricsProvider.")]:
            settings.pop(key)
    return settings


def _id_problems(records):
    """Problems of ids given twice; ``records``: (label, id, where) of every fixed id."""
    problems = []
    owner = {}
    for label, sid, where in records:
        if sid in owner and owner[sid][0] != label:
            first_label, first_where = owner[sid]
            problems.append("%s: %s %d is already used by %s (%s); give each server a unique id in 1..%d or "
                            "leave zookeeper_id unset" % (label, where, sid, first_label, first_where, MAX_SERVER_ID))
            continue
        owner.setdefault(sid, (label, where))
    return problems


def plan(specs: List[Dict[str, Any]], existing: Optional[Dict[str, Dict[str, str]]] = None,
         inventory_hosts: Optional[Iterable[str]] = None) -> Dict[str, Any]:
    """The preflight verdict and the plan of an ensemble.

    ``specs``: host specs (see the module docstring). ``existing``: host ->
    {data_dir: content of <data_dir>/myid} for the myid files found on the hosts
    (read-only). ``inventory_hosts``: every host of the inventory group; one that
    has no spec (left out by --limit) is a problem, since its server would be
    missing from every zoo.cfg.

    Returns a dict: problems, warnings, size (servers), voters (servers that
    are not observers: the quorum counts these), servers (``server_line`` dicts,
    empty for a single server), hosts (host -> its servers: host, label, id,
    address, client (address of its client port), ports, directories (data_dir,
    data_log_dir, conf_dir, log_dir and ``dirs``, every one the role creates),
    settings, deployment, container_name, container (the docker_container
    arguments, None unless deployment is docker)), members (client address -> the
    same server entry), addresses (client addresses by id), connect_string,
    quorum_groups (group number -> voter ids) and weights (voter id -> weight) of
    a hierarchical quorum.
    """
    specs = [s for s in (specs or []) if isinstance(s, dict)]
    existing = existing or {}
    problems, warnings = [], []
    seen_hosts = set()
    for spec in specs:
        if spec.get("host") in seen_hosts:
            problems.append("%s: listed twice in the host specs" % spec.get("host"))
        seen_hosts.add(spec.get("host"))
    for host in inventory_hosts or ():
        if host not in seen_hosts:
            problems.append("%s: in the ensemble's inventory group (zookeeper_group_name) but not among the play's "
                            "hosts (left out by --limit, or failed an earlier task such as the role's argument validation): "
                            "every zoo.cfg would lack its server line; fix that host's failure and run the play on "
                            "the whole group" % host)
    if not specs:
        problems.append("no ZooKeeper host: put the servers in the inventory group zookeeper")

    all_instances = []
    bad_settings = set()  # hosts whose shared zoo.cfg settings are refused already: not rendered
    fixed = []  # (label, id, where) of ids set by a variable or a myid file
    for spec in specs:
        host = spec.get("host")
        instances, found = host_instances(spec)
        problems.extend(found)
        problems.extend(_source_problems(spec, instances))
        problems.extend(_whitelist_problems(spec))
        problems.extend(_extra_config_problems(spec))
        problems.extend(_security_problems(spec))
        found = _setting_problems(spec)
        if found:
            problems.extend(found)
            bad_settings.add(host)
        problems.extend(_root_dirs(spec)[2])
        if spec.get("group") not in (None, ""):
            problems.append("%s: the host spec sets group (%r), which is now quorum_group; rename the key"
                            % (host, spec.get("group")))
        ids_on_disk, found = _existing_ids(host, instances, existing.get(host))
        problems.extend(found)
        multi = len(instances) > 1 or bool(spec.get("instances"))
        for inst in instances:
            inst["spec"] = spec
            on_disk = ids_on_disk.get(inst.get("data_dir"))
            var = _field_var("id", inst["index"], multi)
            if on_disk is not None and inst["id"] is not None and on_disk != inst["id"]:
                problems.append(
                    "%s: %s is %d but %s/myid already holds %d; an existing server's id must not change (its "
                    "snapshots and logs were written as server %d): set %s: %d or leave it unset, or wipe %s first"
                    % (inst["label"], var, inst["id"], inst["data_dir"], on_disk, on_disk, var, on_disk,
                       inst["data_dir"]))
            elif on_disk is not None:
                inst["id"] = on_disk
                fixed.append((inst["label"], on_disk, "the id in %s/myid" % inst["data_dir"]))
                continue
            if inst["id"] is not None:
                fixed.append((inst["label"], inst["id"], var))
        all_instances.extend(instances)

    problems.extend(_id_problems(fixed))
    problems.extend(_shared_setting_problems(specs))
    if not problems:
        keys = ["%s#%d" % (inst["host"], inst["index"]) for inst in all_instances]
        reserved = dict(("%s#%d" % (inst["host"], inst["index"]), inst["id"])
                        for inst in all_instances if inst["id"] is not None)
        try:
            ids = plan_ids(keys, reserved)
        except MyidError as exc:
            problems.append("cannot plan server ids: %s" % exc)
            ids = {}
        for inst in all_instances:
            inst["id"] = ids.get("%s#%d" % (inst["host"], inst["index"]), inst["id"])
            if inst["spec"].get("deployment") == "docker" and not inst.get("container_name") and inst["id"]:
                inst["container_name"] = "%s%d" % (inst["spec"].get("docker_name_prefix") or "zk", inst["id"])
    problems.extend(_docker_problems(specs, all_instances))
    problems.extend(_voter_problems(all_instances))
    problems.extend(_shared_address_problems(all_instances))

    size = len(all_instances)
    # Observers serve clients but never vote: the quorum arithmetic counts voters only.
    voters = len([inst for inst in all_instances if inst.get("peer_type") != "observer"])
    if voters:
        warnings.extend("ensemble of %d voter(s): %s" % (voters, w) for w in size_warnings(voters))
    versions = sorted(set(str(s.get("version")) for s in specs))
    if len(versions) > 1:
        warnings.append("hosts ask for different ZooKeeper versions (%s); mixed versions are only meant to last "
                        "through a rolling upgrade" % ", ".join(versions))

    result = {"problems": problems, "warnings": warnings, "size": size, "voters": voters, "servers": [], "hosts": {},
              "members": {}, "addresses": [], "connect_string": ""}
    resolved = not problems and all(inst["id"] is not None for inst in all_instances)
    all_instances.sort(key=lambda i: (i["id"] is None, i["id"] or 0, i["host"], i["index"]))
    servers = []
    if resolved and size > 1:
        # On a docker user network the servers reach each other by container name.
        servers = [{"id": inst["id"], "host": inst["container_name"] if _bridged(inst["spec"]) else inst["address"],
                    "quorum_port": inst["quorum_port"],
                    "election_port": inst["election_port"], "role": inst["peer_type"]} for inst in all_instances]
    quorum_groups, weights = _quorum_group_plan(all_instances if servers else [], problems, warnings)
    for inst in all_instances:
        if inst["host"] in bad_settings:
            continue  # its settings are refused above, each naming its variable
        spec = inst["spec"]
        settings = instance_settings(spec, inst)
        name = "%s: zoo.cfg%s" % (inst["label"], " of server %d" % inst["id"] if inst["id"] is not None else "")
        # What the checks above do not know about: the variable that set it is not known here.
        hint = "; check zookeeper_extra_config and the zookeeper_* variables of %s" % inst["host"]
        try:
            text = render(settings, servers, quorum_groups, weights)
        except ZooCfgError as exc:
            problems.extend("%s: %s%s" % (name, p, hint) for p in exc.problems)
            continue
        problems.extend("%s: %s%s" % (name, p, hint) for p in validate(text, inst["id"] if servers else None))
        if not resolved:
            continue
        client = "%s:%d" % (format_host(inst["address"]), inst["client_port"])
        if client in result["members"]:
            problems.append("%s: client address %s is also used by %s; give each server its own "
                            "zookeeper_server_address or zookeeper_client_port"
                            % (inst["label"], client, result["members"][client]["label"]))
        conf_root, log_root, _problems = _root_dirs(spec)
        server = {
            "host": inst["host"], "label": inst["label"], "id": inst["id"], "address": inst["address"],
            "client": client, "client_port": inst["client_port"], "quorum_port": inst["quorum_port"],
            "election_port": inst["election_port"], "admin_port": inst["admin_port"],
            "metrics_port": inst["metrics_port"], "data_dir": inst["data_dir"],
            "data_log_dir": inst["data_log_dir"], "conf_dir": "%s/server%d" % (conf_root, inst["id"]),
            "log_dir": "%s/server%d" % (log_root, inst["id"]), "settings": settings,
            "deployment": spec.get("deployment") or "systemd", "container_name": inst.get("container_name"),
            "container_client_port": inst.get("container_client_port"),
            "secure_client_port": inst.get("secure_client_port") if _tls_on(spec) else None,
            "secure_client": ("%s:%d" % (format_host(inst["address"]), inst["secure_client_port"])
                              if _tls_on(spec) and inst.get("secure_client_port") else None),
        }
        # Every directory the role creates for this server.
        server["dirs"] = [server["conf_dir"], server["log_dir"], server["data_dir"]] + (
            [server["data_log_dir"]] if server["data_log_dir"] else [])
        server["container"] = container(server, spec) if server["deployment"] == "docker" else None
        result["members"][client] = server
        result["addresses"].append(client)
        result["hosts"].setdefault(inst["host"], []).append(server)
    result["servers"] = servers
    result["quorum_groups"] = quorum_groups
    result["weights"] = weights
    result["connect_string"] = ",".join(result["addresses"])
    if problems:
        result.update({"servers": [], "hosts": {}, "members": {}, "addresses": [], "connect_string": "",
                       "quorum_groups": {}, "weights": {}})
    return result


def _shared_setting_problems(specs):
    """Settings read from one host for the whole ensemble (``shared``) must be the same on every host."""
    problems = []
    names = []
    for spec in specs:
        shared = spec.get("shared") if isinstance(spec.get("shared"), dict) else {}
        names.extend(name for name in shared if name not in names)
    for name in names:
        holders = []  # [(value, [hosts])] in order of first appearance
        for spec in specs:
            shared = spec.get("shared") if isinstance(spec.get("shared"), dict) else {}
            value = shared.get(name)
            for held, hosts in holders:
                if held == value:
                    hosts.append(str(spec.get("host")))
                    break
            else:
                holders.append((value, [str(spec.get("host"))]))
        if len(holders) > 1:
            problems.append("%s: %s differs between the hosts (%s); the room plan reads one value for the whole "
                            "ensemble: set it once, for the group (group_vars)"
                            % (", ".join(h for _v, hosts in holders for h in hosts), name,
                               "; ".join("%s on %s" % (_shown(value), ", ".join(hosts)) for value, hosts in holders)))
    return problems


def _shown(value):
    if value in ("", None, []):
        return "unset"
    if isinstance(value, list):
        return "[%s]" % ", ".join(str(v) for v in value)
    return str(value) if isinstance(value, bool) else repr(value)


def _item_var(inst, field):
    """The variable that set one server's ``field``: its zookeeper_instances item's, or the host's."""
    items = inst["spec"].get("instances")
    if isinstance(items, (list, tuple)) and items:
        item = items[inst["index"]] if inst["index"] < len(items) else None
        if isinstance(item, dict) and item.get(field) not in (None, ""):
            return _field_var(field, inst["index"], multi=True)
    return _field_var(field)


def _hosts_of(instances):
    """The hosts of some servers, in order, once each."""
    hosts = []
    for inst in instances:
        if inst["host"] not in hosts:
            hosts.append(inst["host"])
    return hosts


def _voter_problems(instances):
    """An ensemble needs a voter: observers only follow a leader the voters elect."""
    if not instances or any(inst.get("peer_type") != "observer" for inst in instances):
        return []
    variables = []
    for inst in instances:
        var = _item_var(inst, "peer_type")
        if var.startswith("zookeeper_instances["):
            var = "zookeeper_instances[N].peer_type"
        if var not in variables:
            variables.append(var)
    if any(v.startswith("zookeeper_instances[") for v in variables):
        fix = ("set peer_type: participant on at least one item of zookeeper_instances (or drop its peer_type), "
               "three to survive the loss of one")
    else:
        fix = "set zookeeper_peer_type: participant on at least one host, three to survive the loss of one"
    return ["%s: %s observer on every server (%s), so no server votes and no leader is ever elected (an "
            "observer only follows a leader); %s"
            % (", ".join(_hosts_of(instances)), " and ".join("%s is" % v for v in variables),
               ", ".join(inst["label"] for inst in instances), fix)]


def _address_key(address):
    text = str(address).strip().lower().strip("[]")
    return "127.0.0.1" if text in ("localhost", "::1") else text


def _shared_address_problems(instances):
    """Servers of different hosts reached at one address (one machine) must not share a port."""
    by_address = {}
    for inst in instances:
        if inst.get("address") in (None, "") or _bridged(inst["spec"]):
            continue
        by_address.setdefault(_address_key(inst["address"]), []).append(inst)
    problems = []
    for address in sorted(by_address):
        users = by_address[address]
        for index, first in enumerate(users):
            for second in users[index + 1:]:
                if first["host"] == second["host"]:
                    continue  # one host's own servers: check_instances
                ports_a, ports_b = _used_ports(first), _used_ports(second)
                shared = sorted(set(ports_a) & set(ports_b))
                if not shared:
                    continue
                problems.append(
                    "%s and %s: both are reached at %s (zookeeper_server_address) and both use %s; two servers on "
                    "one machine need their own ports: give %s other ports, or each host its own "
                    "zookeeper_server_address"
                    % (first["label"], second["label"], address,
                       join_words("%s %d" % (ports_a[port], port) if ports_a[port] == ports_b[port]
                                  else "port %d (%s of %s, %s of %s)" % (port, ports_a[port], first["host"],
                                                                         ports_b[port], second["host"])
                                  for port in shared), second["label"]))
    return problems


def _used_ports(inst):
    """port -> the variable that set it, for every port a server listens on."""
    settings = inst["spec"].get("settings") or {}
    fields = ["client_port", "quorum_port", "election_port"] + (["secure_client_port"] if _tls_on(inst["spec"]) else [])
    if settings.get("admin.enableServer") is not False:
        fields.append("admin_port")
    if settings.get("metricsProvider.className"):
        fields.append("metrics_port")
    ports = {}
    for field in fields:
        if inst.get(field) is not None:
            ports.setdefault(inst[field], _item_var(inst, field))
    return ports


def _quorum_group_plan(instances, problems, warnings=None):
    """({quorum group: [voter ids]}, {voter id: weight}) of a hierarchical quorum, from the specs' quorum_group
    and weight.

    Empty when no host has a group. Otherwise every voter must be in exactly one
    group (a host's servers share its room's group); observers are in none.
    """
    voters = [inst for inst in instances if inst.get("peer_type") != "observer"]
    if not any(inst["spec"].get("quorum_group") not in (None, "") for inst in voters):
        return {}, {}
    quorum_groups, weights = {}, {}
    for inst in voters:
        quorum_group = inst["spec"].get("quorum_group")
        if isinstance(quorum_group, bool) or not re.match(r"^[1-9]\d*$", str("" if quorum_group is None else quorum_group)):
            problems.append("%s: server %s has no quorum group (%r) while others have one; with "
                            "zookeeper_hierarchical_quorum every voter needs a zookeeper_room: set this host's"
                            % (inst["label"], inst["id"], quorum_group))
            continue
        quorum_groups.setdefault(int(quorum_group), []).append(inst["id"])
        weight = inst["spec"].get("weight")
        weight = 1 if weight in (None, "") else weight
        if isinstance(weight, bool) or not re.match(r"^\d+$", str(weight)):
            problems.append("%s: zookeeper_weight is %r; set it to a whole number, 1 (the default) or more (0: the "
                            "server's vote never counts)" % (inst["label"], weight))
            continue
        weights[inst["id"]] = int(weight)
    for gid in quorum_groups:
        quorum_groups[gid] = sorted(quorum_groups[gid])
    labels = dict((inst["id"], inst["label"]) for inst in voters)
    if weights and len(weights) == sum(len(m) for m in quorum_groups.values()):
        problems.extend(_weight_problems(quorum_groups, weights, labels, warnings))
    return quorum_groups, weights


def _weight_problems(quorum_groups, weights, labels, warnings):
    """ZooKeeper leaves a quorum group whose weights add up to 0 out of the count of groups."""
    if not any(weights.values()):
        return ["%s: zookeeper_weight is 0 on every voter, so with zookeeper_hierarchical_quorum no set of servers "
                "is ever a quorum and no leader is elected; give the voters zookeeper_weight 1 (the default) or more"
                % ", ".join(labels[sid] for sid in sorted(weights))]
    zero = [gid for gid in sorted(quorum_groups) if not any(weights[sid] for sid in quorum_groups[gid])]
    if not zero:
        return []
    counted = len(quorum_groups) - len(zero)
    hosts = [labels[sid] for gid in zero for sid in quorum_groups[gid]]
    if counted < 3:
        needs = ("both other groups: losing either of their rooms" if counted == 2
                 else "the one other group: losing its room")
        return ["%s: zookeeper_weight is 0 on every voter of quorum group(s) %s (one group per room), so ZooKeeper "
                "leaves that room out and a quorum needs %s stops the ensemble; give them zookeeper_weight 1 or more"
                % (", ".join(hosts), ", ".join(str(g) for g in zero), needs)]
    if warnings is not None:
        warnings.append("%s: zookeeper_weight is 0 on every voter of quorum group(s) %s, so their votes never count"
                        % (", ".join(hosts), ", ".join(str(g) for g in zero)))
    return []
