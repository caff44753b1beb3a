# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An ensemble's state: the text table for the terminal, the HTML report for a browser.

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._report import ReportError, status_html

_FORMAT = "%-24s %-6s %-11s %-8s %-14s %-20s %s"
_HEADER = ("server", "id", "mode", "version", "zxid", "host", "error")


def _cell(value):
    return "-" if value in (None, "") else str(value)


def zk_status_table(servers, members=None):
    """Header and one line per server of a quorum_check result's ``servers``.

    ``members``: client address -> {id, host} (the preflight plan's members);
    without it the id and host columns show ``-``.
    """
    if isinstance(servers, (str, Mapping)) or not hasattr(servers, "__iter__"):
        raise AnsibleFilterError("zk_status_table expects quorum_check's servers (a list of dicts), got %r" % (servers,))
    members = members or {}
    lines = [(_FORMAT % _HEADER).rstrip()]
    for server in servers:
        if not isinstance(server, Mapping):
            raise AnsibleFilterError("zk_status_table: %r is not a server dict of quorum_check" % (server,))
        member = members.get(server.get("address")) or {}
        zxid = server.get("zxid")
        lines.append((_FORMAT % (
            _cell(server.get("address")), _cell(member.get("id")), _cell(server.get("mode")),
            _cell(server.get("version")), "-" if zxid is None else "0x%x" % int(zxid), _cell(member.get("host")),
            server.get("error") or "")).rstrip())
    return lines


def zk_status_html(result, members=None, rooms=None, title=None, quorum_groups=None, weights=None, generated=None):
    """The self-contained HTML page of a quorum_check result (plugins/module_utils/_report.py).

    ``members``: client address -> {id, host, room, peer_type}; ``rooms``: the
    order of the room columns; ``quorum_groups``/``weights``: hierarchical quorums.
    """
    try:
        return status_html(result, members, rooms, quorum_groups, weights, title, generated)
    except ReportError as exc:
        raise AnsibleFilterError("zk_status_html: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"zk_status_table": zk_status_table, "zk_status_html": zk_status_html}
