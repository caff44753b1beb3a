# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""zoo.cfg filters that share the collection's one renderer (module_utils/_zoocfg.py).

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import ZooCfgError, server_line
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import membership


def zk_server_lines(servers, quorum_port=2888, election_port=3888, client_port=None, client_address=None):
    """``server.N=host:quorum:election[:observer][;client]`` lines, sorted by id.

    ``servers``: dicts with id and host (and optionally quorum_port,
    election_port, role, client_port, client_address); the keyword arguments
    are the defaults for servers that lack those keys.
    """
    if isinstance(servers, (str, Mapping)) or not hasattr(servers, "__iter__"):
        raise AnsibleFilterError("zk_server_lines expects a list of server dicts ({id, host, ...}), got %r"
                                 % (servers,))
    lines = {}
    for index, server in enumerate(servers):
        if not isinstance(server, Mapping):
            raise AnsibleFilterError("zk_server_lines: item %d is %r, not a dict with id and host" % (index, server))
        merged = dict(quorum_port=quorum_port, election_port=election_port, client_port=client_port,
                      client_address=client_address)
        merged.update((k, v) for k, v in server.items() if v is not None)
        if merged.get("client_port") is None and server.get("client_address") is None:
            merged["client_address"] = None  # the default address needs a client port
        try:
            line = server_line(merged)
        except ZooCfgError as exc:
            raise AnsibleFilterError("zk_server_lines: %s" % exc) from None
        sid = int(line.split("=", 1)[0].split(".", 1)[1])
        if sid in lines:
            raise AnsibleFilterError("zk_server_lines: id %d is used by %s and %r; give every server its own id "
                                     "(zookeeper_id)" % (sid, lines[sid].split("=", 1)[1], server.get("host")))
        lines[sid] = line
    return [lines[sid] for sid in sorted(lines)]


def zk_membership(texts):
    """The servers listed by zoo.cfg or dynamicConfigFile texts, unique by id, in id order."""
    if isinstance(texts, (str, bytes, Mapping)) or not isinstance(texts, (list, tuple)):
        raise AnsibleFilterError("zk_membership expects a list of zoo.cfg texts, got %r" % (texts,))
    for index, text in enumerate(texts):
        if not isinstance(text, (str, bytes)):
            raise AnsibleFilterError("zk_membership: item %d is %r, not the text of a zoo.cfg" % (index, text))
    try:
        return membership(list(texts))
    except ZooCfgError as exc:
        raise AnsibleFilterError("zk_membership: %s" % "; ".join(exc.problems)) from None


class FilterModule(object):
    """zkops.ensemble zoo.cfg filters."""

    def filters(self):
        return {"zk_server_lines": zk_server_lines, "zk_membership": zk_membership}
