#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: zk_workload
short_description: Write to a ZooKeeper ensemble at a steady rate and report what its clients saw
version_added: "0.1.0"
description:
  - Writes sequential znodes C(<path>/w-NNNNNNNNNN) at O(rate) writes per second through one kazoo client,
    while an operation (a restart, an upgrade, a room drill) runs, until O(stop_file) appears, O(duration)
    passes or O(max_writes) were attempted.
  - Then reconnects with a new session, syncs, reads every znode back and reports how many writes were
    attempted, acknowledged, failed and lost (acknowledged but missing), the longest stall between two
    acknowledged writes, and how often the leader changed (every server is asked C(srvr) every O(leader_poll)
    seconds, so C(srvr) must be in C(4lw.commands.whitelist)).
  - Each create is sent once and never retried, so a lost acknowledgement shows as C(unexpected), never as a
    duplicate acknowledged write.
  - Run it on the controller (C(delegate_to=localhost)) in the background (C(async) with C(poll=0)), start the
    operation, create O(stop_file), then collect the result with M(ansible.builtin.async_status).
  - The role's C(room_drill) entry point runs it. The repository's C(tools/workload.py) (not part of the built
    collection) is the same code on the command line, for scripts and benchmarks.
  - Fails when an acknowledged write was lost, when a preloaded znode is missing, or when the run could not
    start; the report is returned in every case.
author:
  - zkops.ensemble contributors (@zkops)
requirements:
  - kazoo >= 2.8 on the host that runs the module (the controller's Python for C(delegate_to=localhost))
  - pure-sasl >= 0.6 there too, for O(sasl_user) (kazoo's SASL DIGEST-MD5)
options:
  servers:
    description:
      - The ensemble's client addresses as C(host:port), for example C(zk1:2181); a comma-separated
        string is accepted as well.
    type: list
    elements: str
    required: true
  path:
    description:
      - The parent znode of this run; it must not exist or be empty, so that the counts are this run's alone.
      - Defaults to C(/zkops-workload/<run-id>).
    type: str
  rate:
    description: Writes per second, above 0 and at most 1000.
    type: float
    default: 20
  duration:
    description: Stop after this many seconds of writing, at most 21600.
    type: float
    default: 600
  stop_file:
    description:
      - Stop writing when this file appears on the host that runs the module. It must not exist yet.
    type: path
  max_writes:
    description: Stop after this many attempts, from 1 to 50000.
    type: int
    default: 50000
  preload:
    description:
      - Write this many znodes under C(<path>/preload) before the timed writes and check every one of them
        afterwards (0 to 50000), so that a server must load a real snapshot when it restarts.
    type: int
    default: 0
  cleanup:
    description: Delete the run's znodes at the end.
    type: bool
    default: false
  leader_poll:
    description: Seconds between two C(srvr) polls of every server; V(0) turns the leader watch off.
    type: float
    default: 0.5
  session_timeout:
    description: The kazoo session timeout in seconds.
    type: float
    default: 10
  verify_timeout:
    description: Seconds to keep retrying the connection and the reads of the verification.
    type: float
    default: 60
  report:
    description: Also write the JSON report to this file (atomically) on the host that runs the module.
    type: path
  tls_ca_file:
    description:
      - Connect over TLS, trusting this CA certificate (PEM) for the servers' certificates; the servers'
        host names (or IP addresses) in O(servers) must be in their certificates' SANs.
      - O(servers) are then the TLS addresses (C(host:secureClientPort)), and the leader watch asks C(srvr)
        there over TLS too.
    type: path
  tls_cert_file:
    description:
      - The client certificate chain (PEM) to present over TLS; it may hold the private key after the chain.
      - Needed when the servers require a client certificate (C(ssl.clientAuth=need)).
    type: path
  tls_key_file:
    description: The private key (PEM) of O(tls_cert_file) when that file does not hold it.
    type: path
  sasl_user:
    description:
      - Authenticate every session with SASL DIGEST-MD5 as this user (a C(user_<name>) of the servers' JAAS
        C(Server) section); needs the Python package pure-sasl.
    type: str
  sasl_password:
    description: The password of O(sasl_user). Never logged nor returned.
    type: str
  acl_user_only:
    description:
      - Create the run's znodes (O(path), its writes and preload) with the ACL C(sasl:<sasl_user>) and every
        permission, so that no other client can read or change them (ZooKeeper's super user still can).
      - Needs O(sasl_user). Parents of O(path) that do not exist get the server's default (open) ACL.
    type: bool
    default: false
attributes:
  platform:
    support: full
    platforms: posix
  check_mode:
    support: none
    description: It writes to the ensemble; in check mode Ansible skips it.
  diff_mode:
    support: none
    description: It writes znodes, not files; there is nothing to diff.
  async:
    support: full
    description: Meant to run in the background (C(async) with C(poll=0)) while an operation runs.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
notes:
  - docs/workload.md in the collection's repository explains every report field.
seealso:
  - module: zkops.ensemble.quorum_check
"""

EXAMPLES = r"""
- name: Start the workload on the controller
  zkops.ensemble.zk_workload:
    servers: [zk1:2181, zk2:2181, zk3:2181]
    stop_file: /tmp/zkops-drill/stop
    cleanup: true
  delegate_to: localhost
  run_once: true
  async: 2400
  poll: 0
  register: workload_job

- name: The same against a TLS-only ensemble that enforces SASL, on its secure client ports
  zkops.ensemble.zk_workload:
    servers: [zk1:2281, zk2:2281, zk3:2281]
    tls_ca_file: /etc/zookeeper/tls/ca.pem
    tls_cert_file: /etc/zookeeper/tls/server.pem
    sasl_user: app
    sasl_password: "{{ zookeeper_app_password }}"
    acl_user_only: true
    duration: 60
    cleanup: true
  delegate_to: localhost
  run_once: true

# ... restart, upgrade or stop a room here ...

- name: Stop the workload
  ansible.builtin.file:
    path: /tmp/zkops-drill/stop
    state: touch
    mode: "0600"
  delegate_to: localhost
  run_once: true

- name: Wait for the workload's report
  ansible.builtin.async_status:
    jid: "{{ workload_job.ansible_job_id }}"
  delegate_to: localhost
  run_once: true
  register: workload
  until: workload.finished
  retries: 60
  delay: 2

- name: Show what clients saw
  ansible.builtin.debug:
    msg: "{{ workload.report.acknowledged }} acknowledged, {{ workload.report.lost }} lost"
  run_once: true
"""

RETURN = r"""
msg:
  description: One line that sums the run up.
  returned: always
  type: str
  sample: "workload /zkops-workload/20261201T080000Z-1a2b3c: 200 attempted, 200 acknowledged, 0 failed, 0 lost, ..."
report:
  description: The run's report (docs/workload.md gives every field).
  returned: always
  type: dict
  contains:
    attempted:
      description: Creates sent.
      type: int
    acknowledged:
      description: Creates the ensemble acknowledged.
      type: int
    failed:
      description: Creates that raised (C(failed_by_type) says which exception).
      type: int
    lost:
      description: Acknowledged writes missing (or changed) when read back with a new session; must be 0.
      type: int
    longest_stall_s:
      description: The longest time in seconds between two acknowledged writes.
      type: float
    leader_changes:
      description: How often the leader changed while writing.
      type: int
    latency_ms:
      description:
        - Write latency of the acknowledged creates in milliseconds (issued to acknowledged), C(p50) and C(p99)
          (nearest rank), C(max), and C(count); the percentiles are null when nothing was acknowledged.
      type: dict
    ok:
      description: Nothing acknowledged was lost, every preloaded znode is present, and the run verified.
      type: bool
    error:
      description: Why the run could not start or verify, or null.
      type: str
    security:
      description:
        - How the clients connected, C(tls) and C(client_certificate) (bool), C(sasl_user) (or null) and the
          ACL of the run's znodes (C(sasl:<user>) or C(default)); never the password.
      type: dict
  sample:
    attempted: 200
    acknowledged: 200
    failed: 0
    lost: 0
    longest_stall_s: 1.7
    leader_changes: 1
    latency_ms: {p50: 2.1, p99: 14.8, max: 1702.5, count: 200}
    ok: true
    error: null
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.zkops.ensemble.plugins.module_utils._workload import (
    KAZOO_IMPORT_ERROR,
    Security,
    Workload,
    WorkloadError,
    summary,
)


def _write_report(path, report):
    tmp = path + ".tmp"
    with open(tmp, "w") as handle:
        handle.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            servers=dict(type="list", elements="str", required=True),
            path=dict(type="str"),
            rate=dict(type="float", default=20.0),
            duration=dict(type="float", default=600.0),
            stop_file=dict(type="path"),
            max_writes=dict(type="int", default=50000),
            preload=dict(type="int", default=0),
            cleanup=dict(type="bool", default=False),
            leader_poll=dict(type="float", default=0.5),
            session_timeout=dict(type="float", default=10.0),
            verify_timeout=dict(type="float", default=60.0),
            report=dict(type="path"),
            tls_ca_file=dict(type="path"),
            tls_cert_file=dict(type="path"),
            tls_key_file=dict(type="path"),
            sasl_user=dict(type="str"),
            sasl_password=dict(type="str", no_log=True),
            acl_user_only=dict(type="bool", default=False),
        ),
        supports_check_mode=False,
    )
    if KAZOO_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("kazoo"), exception=KAZOO_IMPORT_ERROR)
    params = module.params
    try:
        security = Security(tls_ca_file=params["tls_ca_file"], tls_cert_file=params["tls_cert_file"],
                            tls_key_file=params["tls_key_file"], sasl_user=params["sasl_user"],
                            sasl_password=params["sasl_password"], acl_user_only=params["acl_user_only"])
        workload = Workload(params["servers"], path=params["path"], rate=params["rate"],
                            duration=params["duration"], stop_file=params["stop_file"],
                            max_writes=params["max_writes"], preload=params["preload"], cleanup=params["cleanup"],
                            leader_poll=params["leader_poll"], session_timeout=params["session_timeout"],
                            verify_timeout=params["verify_timeout"], security=security)
    except WorkloadError as exc:
        module.fail_json(msg="zk_workload: %s" % exc)
    report = workload.run()
    if params["report"]:
        try:
            _write_report(params["report"], report)
        except (IOError, OSError) as exc:
            module.fail_json(msg="zk_workload: cannot write the report to %s: %s" % (params["report"], exc),
                             report=report)
    # The ensemble holds the run's znodes afterwards unless they were cleaned up.
    changed = report["acknowledged"] > 0 and not report["cleaned"]
    if not report["ok"]:
        module.fail_json(msg=summary(report), report=report, changed=changed)
    module.exit_json(msg=summary(report), report=report, changed=changed)


if __name__ == "__main__":
    main()
