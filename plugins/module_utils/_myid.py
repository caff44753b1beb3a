# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ZooKeeper server ids (the ``myid`` file, ``zookeeper_id``, ``ZOO_MY_ID``).

Every server needs a unique id in 1..255. Catches the source documents'
copyable mistakes: the same ZOO_MY_ID on every container, and values that only
look like numbers (``O1`` with a letter O, ``01``, ``+1``).

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from typing import Any, Dict, Iterable, Optional, Union

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import MAX_SERVER_ID, MIN_SERVER_ID

_DECIMAL = re.compile(r"[1-9][0-9]*")
_VARIABLE = "zookeeper_id"


class MyidError(ValueError):
    """An invalid or conflicting server id; the message names the host and the fix."""


def _subject(host):
    return "%s for host '%s'" % (_VARIABLE, host) if host is not None else _VARIABLE


def validate_id(value: Any, host: Optional[str] = None) -> int:
    """The server id ``value`` as an int in 1..255.

    Accepts an int or a decimal string without sign, leading zeros or spaces;
    rejects booleans, floats, ``"01"``, ``"O1"`` and anything out of range.
    """
    expected = ("set it to a whole number from %d to %d, unique in the ensemble"
                % (MIN_SERVER_ID, MAX_SERVER_ID))
    if isinstance(value, bool):
        raise MyidError("%s is the boolean %r, not a server id; %s" % (_subject(host), value, expected))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        if not _DECIMAL.fullmatch(value):
            raise MyidError("%s is %r, which is not a plain decimal number (no sign, leading zeros, "
                            "spaces or letters such as O for 0); %s" % (_subject(host), value, expected))
        number = int(value)
    else:
        raise MyidError("%s is %r (%s), not a whole number; %s"
                        % (_subject(host), value, type(value).__name__, expected))
    if not MIN_SERVER_ID <= number <= MAX_SERVER_ID:
        raise MyidError("%s is %d, outside the valid range %d..%d; %s"
                        % (_subject(host), number, MIN_SERVER_ID, MAX_SERVER_ID, expected))
    return number


def read_myid(text: Union[str, bytes], path: Optional[str] = None) -> int:
    """The id held by a myid file's content (surrounding whitespace ignored)."""
    where = "myid file '%s'" % path if path is not None else "myid file"
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        raise MyidError("%s content must be text, got %r" % (where, text))
    content = text.strip()
    if not content:
        raise MyidError("%s is empty; it must hold this server's id, a number from %d to %d"
                        % (where, MIN_SERVER_ID, MAX_SERVER_ID))
    if not _DECIMAL.fullmatch(content):
        raise MyidError("%s holds %r, which is not a plain decimal number; it must hold one id from %d to %d"
                        % (where, content, MIN_SERVER_ID, MAX_SERVER_ID))
    number = int(content)
    if not MIN_SERVER_ID <= number <= MAX_SERVER_ID:
        raise MyidError("%s holds %d, outside the valid range %d..%d"
                        % (where, number, MIN_SERVER_ID, MAX_SERVER_ID))
    return number


def plan_ids(hosts: Iterable[str], existing: Optional[Dict[str, Any]] = None) -> Dict[str, int]:
    """host -> id for ``hosts`` (in their order).

    Keeps every id in ``existing`` (host -> id); hosts without one get the lowest
    free ids in the order given. Ids of ``existing`` hosts missing from ``hosts``
    stay reserved. Duplicate ids, duplicate host names and more than 255 hosts
    raise MyidError.
    """
    hosts = list(hosts)
    existing = dict(existing or {})
    seen = set()
    for host in hosts:
        if not isinstance(host, str) or not host:
            raise MyidError("hosts holds %r; every host must be a non-empty name" % (host,))
        if host in seen:
            raise MyidError("host '%s' is listed twice; list every server once" % host)
        seen.add(host)
    if len(hosts) > MAX_SERVER_ID:
        raise MyidError("%d hosts but ZooKeeper server ids only go from %d to %d; an ensemble holds at "
                        "most %d servers" % (len(hosts), MIN_SERVER_ID, MAX_SERVER_ID, MAX_SERVER_ID))

    owner_of = {}
    kept = {}
    for host, value in existing.items():
        number = validate_id(value, host)
        if number in owner_of:
            raise MyidError(
                "hosts '%s' and '%s' both have %s %d; every server needs a unique id: give '%s' another "
                "id from %d to %d (an id already used by a data directory must not change)"
                % (owner_of[number], host, _VARIABLE, number, host, MIN_SERVER_ID, MAX_SERVER_ID))
        owner_of[number] = host
        kept[host] = number

    free = (n for n in range(MIN_SERVER_ID, MAX_SERVER_ID + 1) if n not in owner_of)
    result = {}
    for host in hosts:
        if host in kept:
            result[host] = kept[host]
            continue
        number = next(free, None)
        if number is None:
            raise MyidError(
                "no free %s for host '%s': ids %d..%d are all taken (reserved: %d); remove stale "
                "entries from the existing ids"
                % (_VARIABLE, host, MIN_SERVER_ID, MAX_SERVER_ID, len(owner_of)))
        result[host] = number
    return result
