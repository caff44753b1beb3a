# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one zoo.cfg renderer, parser and validator (bare metal and Docker alike).

ZooKeeper accepts any key in zoo.cfg: an unknown one silently becomes the Java
system property ``zookeeper.<key>``. So ``sever.1=...`` (a typo of
``server.1``) starts a server without a server list, and the same ``server.1``
written three times keeps only the last line. ``validate`` catches such
mistakes and ``check_instances`` catches clashing ports and directories of
several servers on one host. ``membership`` reads the servers a zoo.cfg (or a
dynamic configuration file) lists; it lives here rather than in _server_lines
because it needs ``parse``, and this module needs _server_lines.

What keys exist is _zoocfg_keys' knowledge, the server lines are _server_lines'.
Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import MAX_SERVER_ID, MIN_SERVER_ID
from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import (
    DEFAULT_CLIENT_PORT,
    ZooCfgError,
    format_host,
    parse_server_value,
    port_number,
    server_line,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg_keys import (
    INDEXED_KEY,
    PORT_KEYS,
    check_value,
    format_value,
    is_known_key,
    setting_order,
    suggest_key,
)

_INSTANCE_PORTS = ("client_port", "quorum_port", "election_port", "admin_port", "secure_client_port")
# Ports an instance may leave out.
_OPTIONAL_PORTS = ("admin_port", "secure_client_port")
_INSTANCE_DIRS = ("data_dir", "data_log_dir")


def _where(lineno):
    return "" if lineno is None else " on line %d" % lineno


def _places(linenos):
    """'lines 3, 5 and 7' for a problem message ('2 times' without line numbers)."""
    numbers = [n for n in linenos if n is not None]
    if not numbers:
        return "%d times" % len(linenos)
    return "lines %s" % join_words([str(n) for n in numbers])


# --------------------------------------------------------------------------- parse


def _parse(text):
    """(entries, problems) of zoo.cfg text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    entries, problems = [], []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("!"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append("line %d (%r) is not key=value: ZooKeeper would misread it; write key=value "
                            "or comment it out with #" % (lineno, line))
            continue
        entries.append((lineno, key, value.strip()))
    return entries, problems


def parse(text: Union[str, bytes]) -> List[Tuple[int, str, str]]:
    """zoo.cfg text -> list of (lineno, key, value); comments and blank lines skipped.

    Raises ZooCfgError for a line without '='.
    """
    entries, problems = _parse(text)
    if problems:
        raise ZooCfgError("; ".join(problems), problems)
    return entries


def _entries(text_or_entries):
    """(entries, problems) from text, a list of (lineno, key, value) or a dict."""
    if isinstance(text_or_entries, (str, bytes)):
        return _parse(text_or_entries)
    if isinstance(text_or_entries, dict):
        return [(None, k, v) for k, v in text_or_entries.items()], []
    entries = []
    for item in text_or_entries or ():
        if len(item) == 2:
            entries.append((None, item[0], item[1]))
        else:
            entries.append(tuple(item))
    return entries, []


def to_dict(text_or_entries: Any) -> Dict[str, Any]:
    """key -> value (the last one wins, as in ZooKeeper)."""
    entries, problems = _entries(text_or_entries)
    if problems:
        raise ZooCfgError("; ".join(problems), problems)
    return dict((key, value) for _lineno, key, value in entries)


def membership(texts: Iterable[Union[str, bytes]]) -> List[Dict[str, Any]]:
    """The servers listed by zoo.cfg texts, unique by id and in id order.

    ``texts``: zoo.cfg texts (a static zoo.cfg or a dynamicConfigFile of
    ``server.N=host:quorum:election[:role][;[clientAddr:]clientPort]`` lines).
    Each server is a dict: id, host (its first address), quorum_port,
    election_port, role, client_port (the line's, else the clientPort of the
    same text, else 2181) and client (``host:client_port``, an IPv6 host in
    brackets). Within one text the last ``server.N`` line counts, as in
    ZooKeeper; across texts the first text that lists an id wins. Raises
    ZooCfgError naming the text and the line of a server line it cannot read.
    """
    members = {}
    for index, text in enumerate(texts or ()):
        where = "zoo.cfg text %d" % (index + 1)
        try:
            entries = parse(text if text is not None else "")
        except ZooCfgError as exc:
            raise ZooCfgError("%s: %s" % (where, exc), ["%s: %s" % (where, p) for p in exc.problems]) from None
        settings = to_dict(entries)
        default_port = DEFAULT_CLIENT_PORT
        if "clientPort" in settings:
            default_port = port_number(settings["clientPort"])
            if default_port is None:
                raise ZooCfgError("%s: clientPort is %r, not a port from 1 to 65535" % (where, settings["clientPort"]))
        listed = {}
        for lineno, key, value in entries:
            match = INDEXED_KEY.match(key)
            if not match or match.group(1) != "server":
                continue
            try:
                parsed = parse_server_value(value)
            except ValueError as exc:
                raise ZooCfgError("%s, line %d (%s): %s" % (where, lineno, key, exc)) from None
            host, quorum_port, election_port = parsed["addresses"][0]
            client_port = parsed["client_port"] or default_port
            sid = int(match.group(2))
            listed[sid] = {"id": sid, "host": host, "quorum_port": quorum_port, "election_port": election_port,
                           "role": parsed["role"], "client_port": client_port,
                           "client": "%s:%d" % (format_host(host), client_port)}
        for sid, member in listed.items():
            members.setdefault(sid, member)
    return [members[sid] for sid in sorted(members)]


# --------------------------------------------------------------------------- validate


def _validate_entries(entries, my_id=None):
    problems = []
    seen = {}
    for lineno, key, value in entries:
        seen.setdefault(key, []).append(lineno)

    # unknown keys and values of known keys
    for lineno, key, value in entries:
        if not is_known_key(key):
            suggestion = suggest_key(key)
            problems.append("unknown key %r%s%s" % (key, _where(lineno),
                                                    ": did you mean %r?" % suggestion if suggestion
                                                    else ": ZooKeeper would silently ignore it"))
            continue
        problems.extend(check_value(key, value, _where(lineno)))

    # keys set more than once
    for key, linenos in seen.items():
        if len(linenos) < 2:
            continue
        match = INDEXED_KEY.match(key)
        if match and match.group(1) == "server":
            problems.append("duplicate server id %s: %s is defined %d times (%s); only the last one counts, "
                            "give every server its own id" % (match.group(2), key, len(linenos), _places(linenos)))
        else:
            problems.append("key %r is set %d times (%s); ZooKeeper keeps only the last one, set it once"
                            % (key, len(linenos), _places(linenos)))

    # server lines
    servers = {}
    for lineno, key, value in entries:
        match = INDEXED_KEY.match(key)
        if not match or match.group(1) != "server":
            continue
        sid = int(match.group(2))
        if not MIN_SERVER_ID <= sid <= MAX_SERVER_ID:
            problems.append("%s%s: server id %d is outside %d..%d"
                            % (key, _where(lineno), sid, MIN_SERVER_ID, MAX_SERVER_ID))
        try:
            parsed = parse_server_value(value)
        except ValueError as exc:
            problems.append("%s%s: %s" % (key, _where(lineno), exc))
            continue
        parsed["lineno"] = lineno
        servers[sid] = parsed
        for _host, quorum_port, election_port in parsed["addresses"]:
            if quorum_port == election_port:
                problems.append("%s%s uses port %d for both quorum and election; they must differ"
                                % (key, _where(lineno), quorum_port))
    problems.extend(_check_server_ports(servers))

    settings = dict((key, value) for _lineno, key, value in entries)
    has_dynamic = "dynamicConfigFile" in settings
    if servers and my_id is not None and int(my_id) not in servers and not has_dynamic:
        problems.append("the server list (%s) does not contain this server's id %s: add server.%s or fix "
                        "its myid" % (", ".join("server.%d" % s for s in sorted(servers)), my_id, my_id))
    problems.extend(_check_local_ports(settings, servers.get(int(my_id)) if my_id is not None else None, my_id))
    problems.extend(_check_quorum_groups(entries, servers))

    if "dataDir" not in settings:
        problems.append("dataDir is missing: ZooKeeper needs it for snapshots and the myid file")
    client_in_lines = servers and all(s["client_port"] for s in servers.values())
    if my_id is not None and int(my_id) in servers and servers[int(my_id)]["client_port"]:
        client_in_lines = True
    if "clientPort" not in settings and "secureClientPort" not in settings and not client_in_lines \
            and not has_dynamic:
        problems.append("clientPort is missing (and no server line has ';client_port'): the server would "
                        "accept no clients; set clientPort=2181")
    for low, high in (("minSessionTimeout", "maxSessionTimeout"),):
        try:
            if int(settings[low]) > int(settings[high]) >= 0:
                problems.append("%s (%s) is above %s (%s)" % (low, settings[low], high, settings[high]))
        except (KeyError, ValueError):
            pass
    return problems


def _check_server_ports(servers):
    """The same host:port used twice among the server lines."""
    problems = []
    used = {}
    for sid in sorted(servers):
        parsed = servers[sid]
        for host, quorum_port, election_port in parsed["addresses"]:
            for port, what in ((quorum_port, "quorum port"), (election_port, "election port")):
                used.setdefault((_host_key(host), port), []).append((sid, what))
        if parsed["client_port"] and len(parsed["addresses"]) == 1:
            host = parsed["client_address"] or parsed["addresses"][0][0]
            if host in ("0.0.0.0", "::"):
                host = parsed["addresses"][0][0]
            used.setdefault((_host_key(host), parsed["client_port"]), []).append((sid, "client port"))
    for (host, port), users in sorted(used.items()):
        if len(users) < 2:
            continue
        if len(users) == 2 and users[0][0] == users[1][0] and set(u[1] for u in users) == set(
                ("quorum port", "election port")):
            continue  # reported as "uses port N for both quorum and election"
        problems.append("%s:%d is used by more than one server (%s); every server on a host needs its "
                        "own ports" % (host, port, join_words("%s of server.%d" % (what, sid) for sid, what in users)))
    return problems


def _host_key(host):
    host = host.lower()
    return "127.0.0.1" if host == "localhost" else host


def _check_local_ports(settings, me, my_id):
    """This server's own ports (clientPort, AdminServer, metrics) must not collide."""
    ports = []
    for key in PORT_KEYS:
        number = port_number(settings.get(key)) if key in settings else None
        if number is None:
            continue
        if key == "admin.serverPort" and str(settings.get("admin.enableServer", "true")).lower() == "false":
            continue
        ports.append((number, key))
    if me is not None and len(me["addresses"]) == 1:
        _host, quorum_port, election_port = me["addresses"][0]
        ports.append((quorum_port, "the quorum port of server.%s" % my_id))
        ports.append((election_port, "the election port of server.%s" % my_id))
    problems = []
    by_port = {}
    for number, what in ports:
        by_port.setdefault(number, []).append(what)
    for number in sorted(by_port):
        if len(by_port[number]) > 1:
            problems.append("port %d is used by %s; each needs its own port" % (number, join_words(by_port[number])))
    return problems


def _check_quorum_groups(entries, servers):
    problems = []
    quorum_groups, weights = {}, {}
    for lineno, key, value in entries:
        match = INDEXED_KEY.match(key)
        if not match or match.group(1) == "server":
            continue
        if match.group(1) == "group":
            members = []
            for part in str(value).split(":"):
                if not re.match(r"^\d+$", part.strip()):
                    problems.append("%s%s: %r is not a list of server ids like 1:2:3" % (key, _where(lineno), value))
                    members = []
                    break
                members.append(int(part))
            quorum_groups[int(match.group(2))] = (lineno, members)
        else:
            if not re.match(r"^\d+$", str(value).strip()):
                problems.append("%s%s is %r, not a whole number >= 0" % (key, _where(lineno), value))
            weights[int(match.group(2))] = lineno
    owner = {}
    for gid in sorted(quorum_groups):
        lineno, members = quorum_groups[gid]
        for sid in members:
            if servers and sid not in servers:
                problems.append("group.%d%s names server %d, which has no server.%d line"
                                % (gid, _where(lineno), sid, sid))
            if sid in owner:
                problems.append("server %d is in group.%d and group.%d; groups must be disjoint"
                                % (sid, owner[sid], gid))
            owner[sid] = gid
    if quorum_groups:
        missing = sorted(sid for sid in servers if sid not in owner and servers[sid]["role"] != "observer")
        if missing:
            problems.append("server(s) %s are in no group: with group.N lines every voter must be in one group"
                            % ", ".join(str(s) for s in missing))
    for sid in sorted(weights):
        if servers and sid not in servers:
            problems.append("weight.%d%s names server %d, which has no server.%d line"
                            % (sid, _where(weights[sid]), sid, sid))
    if weights and not quorum_groups:
        problems.append("weight.N lines without group.N lines have no effect; add the groups or drop the weights")
    return problems


def validate(text_or_entries: Any, my_id: Optional[int] = None) -> List[str]:
    """Problems of a zoo.cfg (text, entries from ``parse`` or a dict); empty when fine.

    ``my_id``: this server's id; the server list must contain it.
    """
    entries, problems = _entries(text_or_entries)
    return problems + _validate_entries(entries, my_id)


# --------------------------------------------------------------------------- render


def render(settings: Dict[str, Any], servers: Iterable[Dict[str, Any]] = (), quorum_groups: Any = None,
           weights: Optional[Dict[int, int]] = None, header: Union[str, List[str], None] = None) -> str:
    """zoo.cfg text: header comments, settings (canonical order), server lines by id, quorum groups, weights.

    ``settings``: key -> value (None values are left out; booleans render
    true/false, or yes/no for forceSync, leaderServes and skipACL; lists are
    joined with commas). ``servers``: dicts for ``server_line``. ``quorum_groups``:
    group.N number -> list of server ids (or a list of id lists, numbered from 1).
    ``weights``: server id -> weight. ``header``: a string or list of lines,
    written as # comments. Byte-for-byte the same for the same input. Raises
    ZooCfgError listing every problem found by ``validate``.
    """
    problems = []
    settings = dict(settings or {})
    lines = []
    if header:
        for text in ([header] if isinstance(header, str) else list(header)):
            for line in str(text).splitlines() or [""]:
                lines.append(line if line.startswith("#") else ("# %s" % line).rstrip())
    for key in sorted(settings, key=setting_order):
        value = settings[key]
        if value is None:
            continue
        if not isinstance(key, str) or not key.strip() or key != key.strip() or "=" in key:
            problems.append("setting name %r is not a zoo.cfg key" % (key,))
            continue
        if INDEXED_KEY.match(key):
            problems.append("setting %r belongs in the servers/quorum_groups/weights arguments, not in settings" % key)
            continue
        text = format_value(key, value)
        if "\n" in text or "\r" in text:
            problems.append("value of %s contains a line break" % key)
            continue
        if text != text.strip():
            problems.append("value of %s (%r) has leading or trailing spaces" % (key, text))
            continue
        lines.append("%s=%s" % (key, text))
    by_id = {}
    for server in servers or ():
        try:
            line = server_line(server)
        except ZooCfgError as exc:
            problems.append(str(exc))
            continue
        sid = int(line.split("=", 1)[0].split(".", 1)[1])
        if sid in by_id:
            problems.append("duplicate server id %d: servers %s and %s both have it; give every server its own id"
                            % (sid, by_id[sid].split("=", 1)[1].split(":")[0], line.split("=", 1)[1].split(":")[0]))
            continue
        by_id[sid] = line
    lines.extend(by_id[sid] for sid in sorted(by_id))
    if quorum_groups:
        items = quorum_groups.items() if isinstance(quorum_groups, dict) else enumerate(quorum_groups, start=1)
        for gid, members in sorted((int(g), m) for g, m in items):
            lines.append("group.%d=%s" % (gid, ":".join(str(int(m)) for m in members)))
    if weights:
        for sid, weight in sorted((int(s), w) for s, w in weights.items()):
            lines.append("weight.%d=%s" % (sid, int(weight)))
    text = "\n".join(lines) + "\n"
    if not problems:
        # Checked as key=value pairs: a line number of text nobody has seen yet would only confuse.
        entries, problems = _parse(text)
        problems = problems or validate([(None, key, value) for _lineno, key, value in entries])
    if problems:
        raise ZooCfgError("zoo.cfg not rendered: %s" % "; ".join(problems), problems)
    return text


# --------------------------------------------------------------------------- pseudo-cluster


def check_instances(instances: Iterable[Dict[str, Any]]) -> List[str]:
    """Clashing ports and directories of several servers on ONE host (pseudo-cluster).

    ``instances``: dicts with id, client_port, quorum_port, election_port,
    admin_port (optional), data_dir, data_log_dir (optional). Returns problems
    naming both instances and the port or directory they share.
    """
    problems = []
    ports, dirs, ids = {}, {}, {}
    for index, inst in enumerate(instances or ()):
        if not isinstance(inst, dict):
            problems.append("instance %d is %r, not a dict" % (index + 1, inst))
            continue
        name = inst.get("id", "#%d" % (index + 1))
        if name in ids:
            problems.append("instances #%d and #%d in the list both have id %s; every server needs its own id"
                            % (ids[name], index + 1, name))
            name = "%s (#%d)" % (name, index + 1)
        else:
            ids[name] = index + 1
        for field in _INSTANCE_PORTS:
            value = inst.get(field)
            if value is None:
                if field not in _OPTIONAL_PORTS:
                    problems.append("instance %s has no %s" % (name, field))
                continue
            number = port_number(value)
            if number is None:
                problems.append("instance %s: %s %r is not a port from 1 to 65535" % (name, field, value))
                continue
            ports.setdefault(number, []).append((name, field))
        for field in _INSTANCE_DIRS:
            value = inst.get(field)
            if not value:
                if field == "data_dir":
                    problems.append("instance %s has no data_dir" % name)
                continue
            dirs.setdefault(os.path.normpath(str(value)), []).append((name, field))
    for number in sorted(ports):
        problems.extend(_clashes("port %d" % number, ports[number]))
    for path in sorted(dirs):
        problems.extend(_clashes("directory %s" % path, dirs[path], same_ok=True))
    return problems


def _clashes(what, users, same_ok=False):
    """'instances 1 and 2 both use port 2222 (quorum_port of 1, quorum_port of 2); give instance 2 another
    quorum_port' for each clashing pair."""
    problems = []
    for i in range(len(users)):
        for j in range(i + 1, len(users)):
            (a, field_a), (b, field_b) = users[i], users[j]
            if a == b:
                if same_ok:
                    continue
                problems.append("instance %s uses %s twice (%s and %s); give it another %s"
                                % (a, what, field_a, field_b, field_b))
                continue
            problems.append("instances %s and %s both use %s (%s of %s, %s of %s); give instance %s another %s"
                            % (a, b, what, field_a, a, field_b, b, b, field_b))
    return problems
