#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: quorum_check
short_description: Check a ZooKeeper ensemble's leader, followers and quorum, and wait for a required state
version_added: "0.1.0"
description:
  - Asks every server of O(servers) how it is, with the four-letter words C(srvr) (every server) and
    C(mntr) (the leader, for its synced followers), or with the AdminServer commands C(server_stats)
    and C(monitor).
  - Reports the leader, the followers, how many followers are synced, the quorum size, how many more
    voters may fail right now, and which servers are safe to restart (observers first, then followers,
    the leader last).
  - Retries until the O(require)d state holds; after the last retry it fails with a message naming the
    servers at fault, and still returns the last state.
  - Majority arithmetic only counts voters; observers never count towards a quorum.
  - A four-letter word missing from a server's C(4lw.commands.whitelist) is reported as that server's error
    (naming the word and the fix), not as an unreachable server.
  - Over TLS, a server listed in O(tls_servers) is asked at its C(secureClientPort) with the CA of
    O(tls_ca_file) and the client certificate of O(tls_cert_file); the results stay keyed by the addresses of
    O(servers). A failed TLS handshake (our certificate refused, or the server's not trusted) is that server's
    error, not an unreachable server.
  - Read-only; runs wherever the task runs (usually the controller with C(delegate_to) or C(run_once)),
    which must reach the client ports (or AdminServer ports) of the servers.
author:
  - zkops.ensemble contributors (@zkops)
options:
  servers:
    description:
      - The ensemble's servers as C(host:clientPort), for example C(zk1:2181).
      - An IPv6 address is written C([::1]:2181); a host without a port uses 2181.
    type: list
    elements: str
    required: true
  method:
    description:
      - V(4lw) sends C(srvr) to every server and C(mntr) to the leader over the client port; both words must
        be in C(4lw.commands.whitelist) (the C(zookeeper_four_letter_words) variable).
      - V(admin) asks the AdminServer (C(http://host:admin_port/commands/server_stats) and
        C(/commands/monitor)); it needs C(admin.enableServer=true).
    type: str
    choices: [4lw, admin]
    default: 4lw
  admin_port:
    description: The AdminServer port of every server (C(admin.serverPort)), used with O(method=admin).
    type: int
    default: 8080
  admin_ports:
    description:
      - AdminServer port per server, keyed by the address as written in O(servers); overrides O(admin_port).
      - For pseudo-clusters, where the servers of one host need different AdminServer ports.
    type: dict
  admin_https:
    description:
      - Ask the AdminServer over https (C(admin.forceHttps) or C(admin.portUnification)) with the CA of
        O(tls_ca_file) and the client certificate of O(tls_cert_file), used with O(method=admin).
    type: bool
    default: false
  tls_servers:
    description:
      - The TLS address (C(host:secureClientPort)) to ask instead, per server, keyed by the address as written in
        O(servers), for example V(zk1:2181) mapped to V(zk1:2281); used with O(method=4lw).
      - Results, RV(leader) and RV(safe_to_restart) stay keyed by the addresses of O(servers).
      - A server missing here is asked in plaintext at its address in O(servers).
      - Needs O(tls_ca_file); a server with C(ssl.clientAuth=need) also needs O(tls_cert_file).
    type: dict
    default: {}
  tls_ca_file:
    description:
      - The CA certificate (PEM) that signed the servers' certificates, on the host that runs the task.
      - Required with a non-empty O(tls_servers) or O(admin_https=true).
      - The server's host name or IP address in O(tls_servers) must be in its certificate's SANs.
    type: path
  tls_cert_file:
    description:
      - The client certificate chain (PEM) to present, on the host that runs the task; it may hold the
        private key (PKCS#8 C(BEGIN PRIVATE KEY)) after the chain.
      - Needed when the servers require a client certificate (C(ssl.clientAuth=need)).
    type: path
  tls_key_file:
    description:
      - The private key (PEM) of O(tls_cert_file) when that file does not hold it.
    type: path
  expected_size:
    description:
      - The number of voters the ensemble should have.
      - Without it, every listed server that does not report itself an observer counts as a voter, so an
        unreachable server still counts.
    type: int
  require:
    description:
      - The state to wait for.
      - V(any) at least one server answered.
      - V(leader) exactly one server leads (or one runs standalone).
      - V(quorum) a leader and a majority of the voters in its quorum (with O(method=4lw) this needs C(mntr)
        on the leader).
      - V(all_synced) every voter up, every follower synced, no problem at all.
    type: str
    choices: [any, leader, quorum, all_synced]
    default: quorum
  retries:
    description: How many more times to ask when the O(require)d state does not hold.
    type: int
    default: 0
  delay:
    description: Seconds to wait between attempts.
    type: float
    default: 2
  timeout:
    description: Seconds to wait for each connection and answer.
    type: float
    default: 5
attributes:
  platform:
    support: full
    platforms: posix
  check_mode:
    support: full
    description: The module only reads; check mode runs the same checks.
  diff_mode:
    support: none
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
notes:
  - ZooKeeper 3.5.3 and later answer only C(srvr) unless C(4lw.commands.whitelist) lists more words;
    add C(mntr) there or use O(method=admin).
  - RV(synced_followers) is a count, as the leader reports it, not a list of names.
seealso:
  - name: ZooKeeper administrator's guide, the four-letter words and the AdminServer
    description: What srvr, mntr, server_stats and monitor report.
    link: https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_zkCommands
"""

EXAMPLES = r"""
- name: Wait until the ensemble has a quorum
  zkops.ensemble.quorum_check:
    servers: [zk1:2181, zk2:2181, zk3:2181]
    expected_size: 3
    require: quorum
    retries: 30
    delay: 2
  delegate_to: localhost
  run_once: true
  register: zk

- name: Restart the servers in a safe order
  ansible.builtin.debug:
    msg: "{{ zk.safe_to_restart }}"

- name: Ask the AdminServers of a pseudo-cluster
  zkops.ensemble.quorum_check:
    servers: [127.0.0.1:2181, 127.0.0.1:2182, 127.0.0.1:2183]
    method: admin
    admin_ports:
      127.0.0.1:2181: 8081
      127.0.0.1:2182: 8082
      127.0.0.1:2183: 8083
    require: all_synced

- name: Ask a TLS-only ensemble on its secure client ports, with a client certificate
  zkops.ensemble.quorum_check:
    servers: [zk1:2181, zk2:2181, zk3:2181]
    tls_servers:
      zk1:2181: zk1:2281
      zk2:2181: zk2:2281
      zk3:2181: zk3:2281
    tls_ca_file: /etc/zookeeper/tls/ca.pem
    tls_cert_file: /etc/zookeeper/tls/server.pem
    require: all_synced
"""

RETURN = r"""
leader:
  description: Address of the leader (or of the standalone server); null when there is none or more than one.
  returned: always
  type: str
  sample: zk2:2181
servers:
  description: Each server's state, in the order of O(servers).
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The address as given.
      type: str
    reachable:
      description: Whether the server answered at all.
      type: bool
    mode:
      description: leader, follower, observer or standalone; null when it did not serve.
      type: str
    version:
      description: ZooKeeper version, for example 3.8.0.
      type: str
    zxid:
      description: Last processed transaction id.
      type: int
    node_count:
      description: Number of znodes.
      type: int
    outstanding:
      description: Requests queued on the server, waiting to be processed (C(srvr) C(Outstanding), AdminServer
        C(outstanding_requests)); null when it did not serve.
      type: int
    connections:
      description: Client connections to the server (with O(method=4lw) this includes the check's own).
      type: int
    latency_min:
      description: Shortest request latency in milliseconds since the server started (or its statistics were reset).
      type: int
    latency_avg:
      description: Average request latency in milliseconds since the server started (or its statistics were reset).
      type: float
    latency_max:
      description: Longest request latency in milliseconds since the server started (or its statistics were reset).
      type: int
    followers:
      description: Followers and observers connected to the leader (leader only).
      type: int
    synced_followers:
      description: Voting followers in sync with the leader (leader only).
      type: int
    pending_syncs:
      description: Followers still syncing (leader only).
      type: int
    peer_state:
      description: The leader's peer state, for example C(leading - broadcast) (leader only).
      type: str
    error:
      description:
        - Why the server could not be asked or does not serve; null when fine.
        - A failed TLS handshake reads C(TLS handshake with zk1:2281 failed) followed by the reason.
      type: str
  sample:
    - {address: "zk1:2181", reachable: true, mode: follower, version: 3.8.0, zxid: 4294967296,
       node_count: 5, outstanding: 0, connections: 1, latency_min: 0, latency_avg: 0.0, latency_max: 0,
       followers: null, synced_followers: null, pending_syncs: null, peer_state: null, error: null}
followers:
  description: Addresses of the serving followers.
  returned: always
  type: list
  elements: str
  sample: [zk1:2181, zk3:2181]
synced_followers:
  description: How many followers the leader reports in sync (a count); null when the leader could not be asked.
  returned: always
  type: int
  sample: 2
observers:
  description: Addresses of the serving observers.
  returned: always
  type: list
  elements: str
  sample: []
voters:
  description: Voters the arithmetic counts (O(expected_size), or the listed non-observers).
  returned: always
  type: int
  sample: 3
voters_up:
  description: Voters in the leader's quorum (the leader and its synced followers).
  returned: always
  type: int
  sample: 3
quorum_size:
  description: Voters needed for a majority.
  returned: always
  type: int
  sample: 2
can_lose:
  description: How many more voters may fail right now without losing the quorum.
  returned: always
  type: int
  sample: 1
safe_to_restart:
  description:
    - Servers that may be restarted now, in this order, one at a time with a check in between
      (observers first, then followers, the leader last).
    - Only observers when RV(can_lose) is 0; empty for a standalone server.
  returned: always
  type: list
  elements: str
  sample: [zk1:2181, zk3:2181, zk2:2181]
healthy:
  description: One leader, every listed server serving, every follower synced, no problem.
  returned: always
  type: bool
  sample: true
problems:
  description: What is wrong, naming the servers at fault.
  returned: always
  type: list
  elements: str
  sample: ["zk3:2181 is unreachable: cannot connect to zk3:2181: [Errno 111] Connection refused"]
reason:
  description: Why O(require) holds or does not.
  returned: always
  type: str
  sample: "quorum: 3 of 3 voters serve (2 needed), 1 more may fail"
attempts:
  description: How many times the servers were asked.
  returned: always
  type: int
  sample: 1
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.zkops.ensemble.plugins.module_utils._health import wait_for
from ansible_collections.zkops.ensemble.plugins.module_utils._probe import (
    ProbeError,
    server_status,
    split_address,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._tls import (
    TlsConfigError,
    client_context,
    map_problems,
)


def _admin_ports(module):
    """address -> AdminServer port for every server."""
    given = module.params["admin_ports"] or {}
    unknown = sorted(set(given) - set(module.params["servers"]))
    if unknown:
        module.fail_json(msg="admin_ports names %s, which is not in servers (%s); key admin_ports by the "
                             "addresses exactly as written in servers"
                             % (", ".join(unknown), ", ".join(module.params["servers"])))
    ports = {}
    for address in module.params["servers"]:
        value = given.get(address, module.params["admin_port"])
        try:
            port = int(value)
        except (TypeError, ValueError):
            port = 0
        if not 1 <= port <= 65535:
            module.fail_json(msg="AdminServer port %r for %s is not a port from 1 to 65535; fix admin_ports or "
                                 "admin_port" % (value, address))
        ports[address] = port
    return ports


def _tls(module):
    """(tls_servers, ssl context or None); fails naming the option when TLS is asked for but unusable."""
    params = module.params
    tls_servers = params["tls_servers"] or {}
    problems = map_problems(params["servers"], tls_servers)
    for address, tls_address in sorted(tls_servers.items()):
        if isinstance(tls_address, str) and tls_address.strip():
            try:
                split_address(tls_address)
            except ProbeError as exc:
                problems.append("tls_servers[%s]: %s" % (address, exc))
    if problems:
        module.fail_json(msg="; ".join(problems))
    wanted = [name for name, used in (("tls_servers", bool(tls_servers)),
                                      ("admin_https", params["admin_https"] and params["method"] == "admin"))
              if used]
    if not wanted:
        return tls_servers, None
    try:
        context = client_context(params["tls_ca_file"], params["tls_cert_file"], params["tls_key_file"],
                                 needed_by=" and ".join(wanted))
    except TlsConfigError as exc:
        module.fail_json(msg=str(exc))
    return dict((k, v.strip()) for k, v in tls_servers.items()), context


def main():
    module = AnsibleModule(
        argument_spec=dict(
            servers=dict(type="list", elements="str", required=True),
            method=dict(type="str", choices=["4lw", "admin"], default="4lw"),
            admin_port=dict(type="int", default=8080),
            admin_ports=dict(type="dict"),
            admin_https=dict(type="bool", default=False),
            tls_servers=dict(type="dict", default={}),
            tls_ca_file=dict(type="path"),
            tls_cert_file=dict(type="path"),
            tls_key_file=dict(type="path"),
            expected_size=dict(type="int"),
            require=dict(type="str", choices=["any", "leader", "quorum", "all_synced"], default="quorum"),
            retries=dict(type="int", default=0),
            delay=dict(type="float", default=2),
            timeout=dict(type="float", default=5),
        ),
        supports_check_mode=True,
    )
    params = module.params
    servers = params["servers"]
    if not servers:
        module.fail_json(msg="servers is empty; list the ensemble's servers as host:clientPort, e.g. zk1:2181")
    for address in servers:
        try:
            split_address(address)
        except ProbeError as exc:
            module.fail_json(msg="servers: %s" % exc)
    if len(set(servers)) != len(servers):
        twice = sorted(set(a for a in servers if servers.count(a) > 1))
        module.fail_json(msg="servers lists %s more than once; list every server once" % ", ".join(twice))
    if params["expected_size"] is not None and params["expected_size"] < 1:
        module.fail_json(msg="expected_size must be at least 1, got %d" % params["expected_size"])
    for name in ("retries", "delay", "timeout"):
        if params[name] < 0 or (name == "timeout" and params[name] == 0):
            bound = "above 0" if name == "timeout" else ">= 0"
            module.fail_json(msg="%s must be %s, got %s" % (name, bound, params[name]))
    admin_ports = _admin_ports(module)
    tls_servers, context = _tls(module)

    def probe(address):
        return server_status(address, method=params["method"], admin_port=admin_ports[address],
                             timeout=params["timeout"], tls_address=tls_servers.get(address), ssl_context=context,
                             admin_https=params["admin_https"])

    result = wait_for(servers, params["require"], params["expected_size"], params["retries"], params["delay"],
                      probe, time.sleep)
    assessment = result["assessment"]
    output = dict(
        changed=False,
        leader=assessment["leader"],
        servers=result["statuses"],
        followers=assessment["followers"],
        synced_followers=assessment["synced_followers"],
        observers=assessment["observers"],
        voters=assessment["voters"],
        voters_up=assessment["voters_up"],
        quorum_size=assessment["quorum_size"],
        can_lose=assessment["can_lose"],
        safe_to_restart=assessment["safe_to_restart"],
        healthy=assessment["healthy"],
        problems=assessment["problems"],
        reason=result["reason"],
        attempts=result["attempts"],
    )
    if not result["ok"]:
        module.fail_json(msg="ZooKeeper ensemble check failed after %d attempt(s), require=%s not met: %s"
                             % (result["attempts"], params["require"], result["reason"]), **output)
    module.exit_json(**output)


if __name__ == "__main__":
    main()
