# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS and SASL filters over module_utils/_security.py (the phases) and _preflight.server_security.

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._preflight import server_security
from ansible_collections.zkops.ensemble.plugins.module_utils._security import jaas, phase_of, steps


def _phase_dict(phase, what):
    if not isinstance(phase, Mapping):
        raise AnsibleFilterError("%s must be a dict {tls: 0..3, sasl: 0..3}, got %r" % (what, phase))
    try:
        return {"tls": int(phase.get("tls") or 0), "sasl": int(phase.get("sasl") or 0)}
    except (TypeError, ValueError):
        raise AnsibleFilterError("%s must hold whole numbers 0..3, got %r" % (what, phase)) from None


def zk_server_security(server, spec, phase=None):
    """{settings, jvm_flags, jaas_file} of one planned server in ``phase`` (default: its spec's target)."""
    if not isinstance(server, Mapping) or not isinstance(spec, Mapping):
        raise AnsibleFilterError("zk_server_security expects a planned server and its host's spec, got %r and %r"
                                 % (server, spec))
    try:
        return server_security(dict(spec), dict(server), _phase_dict(phase, "phase") if phase is not None else None)
    except ValueError as exc:
        raise AnsibleFilterError("zk_server_security: %s" % exc) from None


def zk_security_steps(servers, target, downgrade=False, limit=0):
    """The TLS/SASL phases to walk from what the running servers run to ``target``.

    ``servers``: [{client, config: zoo.cfg as a dict, stale: bool}] of the running servers.
    """
    if isinstance(servers, (str, Mapping)) or not hasattr(servers, "__iter__"):
        raise AnsibleFilterError("zk_security_steps expects a list of {client, config, stale}, got %r" % (servers,))
    states = []
    for server in servers:
        if not isinstance(server, Mapping):
            raise AnsibleFilterError("zk_security_steps: %r is not a dict {client, config, stale}" % (server,))
        states.append({"client": server.get("client"), "phase": phase_of(server.get("config") or {}),
                       "stale": bool(server.get("stale"))})
    try:
        return steps(states, _phase_dict(target, "target"), bool(downgrade), int(limit or 0))
    except ValueError as exc:
        raise AnsibleFilterError("zk_security_steps: %s" % exc) from None


def zk_jaas(server_users=None, quorum=None, client=None):
    """A JAAS login file; ``quorum`` and ``client`` are [user, password] (or empty)."""
    for what, pair in (("quorum", quorum), ("client", client)):
        if pair and (not isinstance(pair, (list, tuple)) or len(pair) != 2):
            raise AnsibleFilterError("zk_jaas: %s must be [user, password], got a %s" % (what, type(pair).__name__))
    if server_users is not None and not isinstance(server_users, Mapping):
        raise AnsibleFilterError("zk_jaas: the server users must be a dict name -> password")
    return jaas(dict(server_users or {}), tuple(quorum) if quorum else None, tuple(client) if client else None)


class FilterModule(object):
    """zkops.ensemble TLS and SASL filters."""

    def filters(self):
        return {"zk_server_security": zk_server_security, "zk_security_steps": zk_security_steps, "zk_jaas": zk_jaas}
