# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters for ensemble topology: connect strings and quorum numbers.

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import quorum_size, tolerated_failures


def _port(value, what):
    if isinstance(value, bool):
        raise AnsibleFilterError("%s must be a port number from 1 to 65535, got %r" % (what, value))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AnsibleFilterError("%s must be a port number from 1 to 65535, got %r" % (what, value)) from None
    if str(number) != str(value).strip() or not 1 <= number <= 65535:
        raise AnsibleFilterError("%s must be a port number from 1 to 65535, got %r" % (what, value))
    return number


def _endpoint(host, port):
    """``host:port``; an IPv6 literal is bracketed, a ``host:port`` string is kept as it is."""
    if host.startswith("["):
        return host if "]:" in host else "%s:%d" % (host, port)
    if host.count(":") == 1:
        name, given = host.split(":")
        if name:
            return "%s:%d" % (name, _port(given, "the port in server %r" % host))
    if ":" in host:
        return "[%s]:%d" % (host, port)
    return "%s:%d" % (host, port)


def zk_connect_string(servers, port=2181):
    """'h1:2181,h2:2181,...', the string ``zkCli.sh -server`` and clients take."""
    default_port = _port(port, "port")
    if isinstance(servers, (str, Mapping)) or not hasattr(servers, "__iter__"):
        raise AnsibleFilterError("zk_connect_string expects a list of servers (host names or "
                                 "{host, client_port} dicts), got %r" % (servers,))
    endpoints = []
    for index, server in enumerate(servers):
        if isinstance(server, Mapping):
            host = server.get("host")
            server_port = default_port
            if server.get("client_port") is not None:
                server_port = _port(server["client_port"], "client_port of server %r" % (host,))
        else:
            host, server_port = server, default_port
        if not isinstance(host, str) or not host.strip():
            raise AnsibleFilterError("zk_connect_string: server %d (%r) has no host; give a host name or a "
                                     "dict with a 'host' key" % (index, server))
        endpoints.append(_endpoint(host.strip(), server_port))
    if not endpoints:
        raise AnsibleFilterError("zk_connect_string: the list of servers is empty; list the ensemble's servers")
    return ",".join(endpoints)


def _voters(value, name):
    """Number of voters: an int, or the servers of a list whose role is not 'observer'."""
    if isinstance(value, bool):
        raise AnsibleFilterError("%s expects a number of voters or a list of servers, got %r" % (name, value))
    if isinstance(value, int):
        count = value
    elif isinstance(value, str) and value.strip().isdigit():
        count = int(value)
    elif isinstance(value, (list, tuple)):
        count = len([s for s in value if not (isinstance(s, Mapping) and s.get("role") == "observer")])
        if count == 0:
            raise AnsibleFilterError("%s: the list holds no voters (every server is an observer or the list "
                                     "is empty); an ensemble needs at least one participant" % name)
    else:
        raise AnsibleFilterError("%s expects a number of voters or a list of servers, got %r" % (name, value))
    return count


def zk_quorum_size(value):
    """Voters needed for a majority."""
    try:
        return quorum_size(_voters(value, "zk_quorum_size"))
    except ValueError as exc:
        raise AnsibleFilterError("zk_quorum_size: %s" % exc) from None


def zk_tolerated_failures(value):
    """Voters that may fail with the rest still a majority."""
    try:
        return tolerated_failures(_voters(value, "zk_tolerated_failures"))
    except ValueError as exc:
        raise AnsibleFilterError("zk_tolerated_failures: %s" % exc) from None


class FilterModule(object):
    """zkops.ensemble topology filters."""

    def filters(self):
        return {
            "zk_connect_string": zk_connect_string,
            "zk_quorum_size": zk_quorum_size,
            "zk_tolerated_failures": zk_tolerated_failures,
        }
