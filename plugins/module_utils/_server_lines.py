# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ZooKeeper server lines: ``server.N=host:quorum:election[:role][;[client_address:]client_port]``.

Parse a line's value, write a line from a server dict, and the host and port
forms they share (an IPv6 host in brackets, ports 1..65535).

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from typing import Any, Dict, Optional

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import MAX_SERVER_ID, MIN_SERVER_ID
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg_keys import SERVER_ROLES

# ZooKeeper's client port when neither clientPort nor a server line's ;clientPort sets one.
DEFAULT_CLIENT_PORT = 2181
_HOST = re.compile(r"^[A-Za-z0-9_.\-]+$")


class ZooCfgError(ValueError):
    """A zoo.cfg that must not be written; ``problems`` lists every reason."""

    def __init__(self, message, problems=None):
        super(ZooCfgError, self).__init__(message)
        self.problems = list(problems) if problems else [message]


def port_number(value: Any) -> Optional[int]:
    """An int port from an int or a decimal string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.match(r"^\d+$", value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= 65535 else None


def _split_host_port(text):
    """('host', 'rest') of 'host:rest' or '[v6]:rest'; host without brackets."""
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ValueError("'%s' opens an IPv6 '[' without closing it" % text)
        host, rest = text[1:end], text[end + 1:]
        if rest and not rest.startswith(":"):
            raise ValueError("'%s' needs ':' after the IPv6 address" % text)
        return host, rest[1:]
    host, _sep, rest = text.partition(":")
    return host, rest


def parse_server_value(value: str) -> Dict[str, Any]:
    """Parse the value of a ``server.N`` line.

    ``host:quorum_port:election_port[:role][;[client_address:]client_port]``, with
    ``|``-separated addresses (3.6+ multi-address). Returns a dict with
    ``addresses`` (list of (host, quorum_port, election_port)), ``role``,
    ``client_address`` and ``client_port``. Raises ValueError naming the fault.
    """
    if not isinstance(value, str) or not value.strip():
        raise ValueError("the value is empty; write host:quorum_port:election_port")
    server_part, _sep, client_part = value.strip().partition(";")
    if ";" in client_part:
        raise ValueError("'%s' has more than one ';'" % value)
    addresses = []
    role = "participant"
    for address in server_part.split("|"):
        host, rest = _split_host_port(address.strip())
        parts = rest.split(":") if rest else []
        if not host or len(parts) < 2 or len(parts) > 3:
            raise ValueError("'%s' does not have the form host:quorum_port:election_port[:observer]"
                             % address.strip())
        ports = [port_number(p) for p in parts[:2]]
        for text, number in zip(parts[:2], ports):
            if number is None:
                raise ValueError("port '%s' in '%s' is not a number from 1 to 65535" % (text, address.strip()))
        if len(parts) == 3:
            if parts[2].lower() not in SERVER_ROLES:
                raise ValueError("role '%s' in '%s' is neither participant nor observer" % (parts[2], address))
            role = parts[2].lower()
        addresses.append((host, ports[0], ports[1]))
    client_address = client_port = None
    if _sep:
        text = client_part.strip()
        if not text:
            raise ValueError("nothing follows ';' in '%s'; write ;client_port or ;address:client_port" % value)
        if ":" in text.replace("[", "").replace("]", "") and (text.startswith("[") or text.count(":") == 1):
            client_address, port_text = _split_host_port(text)
        else:
            port_text = text
        client_port = port_number(port_text)
        if client_port is None:
            raise ValueError("client port '%s' in '%s' is not a number from 1 to 65535" % (port_text, value))
    return {"addresses": addresses, "role": role, "client_address": client_address, "client_port": client_port}


def format_host(host: str) -> str:
    """``host``, or ``[host]`` for an IPv6 literal."""
    return "[%s]" % host if ":" in host else host


def server_line(server: Dict[str, Any]) -> str:
    """``server.N=host:quorum_port:election_port[:observer][;[client_address:]client_port]``.

    ``server`` is a dict: id, host, quorum_port (2888), election_port (3888),
    role ('participant' or 'observer'), client_port and client_address (optional;
    the 3.5+ client part). Raises ZooCfgError naming the server and the field.
    """
    if not isinstance(server, dict):
        raise ZooCfgError("a server must be a dict with id and host, got %r" % (server,))
    sid = server.get("id")
    if isinstance(sid, str) and re.match(r"^[1-9]\d*$", sid.strip()):
        sid = int(sid.strip())
    if isinstance(sid, bool) or not isinstance(sid, int) or not MIN_SERVER_ID <= sid <= MAX_SERVER_ID:
        raise ZooCfgError("server %r: id must be a whole number from %d to %d, got %r"
                          % (server.get("host"), MIN_SERVER_ID, MAX_SERVER_ID, sid))
    host = server.get("host")
    if isinstance(host, str):
        host = host.strip()
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
    if not isinstance(host, str) or not host or not (_HOST.match(host) or re.match(r"^[0-9A-Fa-f:.]+$", host)):
        raise ZooCfgError("server.%d: host must be a host name or IP address, got %r" % (sid, server.get("host")))
    ports = []
    for field, default in (("quorum_port", 2888), ("election_port", 3888)):
        value = server.get(field)
        number = port_number(default if value is None else value)
        if number is None:
            raise ZooCfgError("server.%d (%s): %s must be a port from 1 to 65535, got %r" % (sid, host, field, value))
        ports.append(number)
    role = server.get("role") or "participant"
    if role not in SERVER_ROLES:
        raise ZooCfgError("server.%d (%s): role must be participant or observer, got %r" % (sid, host, role))
    line = "server.%d=%s:%d:%d" % (sid, format_host(host), ports[0], ports[1])
    if role == "observer":
        line += ":observer"
    client_port = server.get("client_port")
    client_address = server.get("client_address")
    if client_port is not None:
        number = port_number(client_port)
        if number is None:
            raise ZooCfgError("server.%d (%s): client_port must be a port from 1 to 65535, got %r"
                              % (sid, host, client_port))
        if client_address:
            line += ";%s:%d" % (format_host(str(client_address).strip()), number)
        else:
            line += ";%d" % number
    elif client_address:
        raise ZooCfgError("server.%d (%s): client_address %r needs a client_port as well"
                          % (sid, host, client_address))
    return line
