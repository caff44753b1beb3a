# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a host holds, read in one call, and what of it differs from what the role writes.

``read_path``, ``read_user`` and ``read_group`` describe a path, a user and a
group the way the zk_host_state module returns them. ``stale_paths`` compares
such descriptions with what the role's file, template and link tasks would
make (type, owner, group, mode, SHA-1 of the content, link target) and names
the entries whose task has something to do: a no-op run then skips those
tasks instead of asking the host once per file. Whatever cannot be compared
for certain (a symbolic mode, a path not read) counts as stale, so the task
runs and decides for itself.

Stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import grp
import hashlib
import os
import pwd
import stat
from typing import Any, Dict, Iterable, List, Mapping, Optional

#: The most a path named in ``read`` may hold (myid files hold a few bytes).
MAX_READ_BYTES = 65536

_TYPES = ((stat.S_ISLNK, "link"), (stat.S_ISREG, "file"), (stat.S_ISDIR, "directory"))


def _name(lookup, number):
    try:
        return lookup(number)[0]
    except KeyError:
        return str(number)


def _sha1(path: str) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


class ReadError(ValueError):
    """A path named in ``read`` that is not a readable regular file."""


def read_path(path: str, content: bool = False) -> Dict[str, Any]:
    """The path itself (never what a link points to): type, owner, group, mode, SHA-1, link target.

    ``exists`` is true for a symbolic link even when its target is missing (as
    ansible.builtin.stat without follow). With ``content`` the text of the file
    (following a link) is returned as well; a path that exists but cannot be
    read that way raises ReadError.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return {"exists": False, "type": "absent"}
    kind = next((name for test, name in _TYPES if test(info.st_mode)), "other")
    out = {
        "exists": True,
        "type": kind,
        "uid": info.st_uid,
        "gid": info.st_gid,
        "owner": _name(pwd.getpwuid, info.st_uid),
        "group": _name(grp.getgrgid, info.st_gid),
        "mode": "%04o" % stat.S_IMODE(info.st_mode),
    }
    if kind == "file":
        out["checksum"] = _sha1(path)
    elif kind == "link":
        out["target"] = os.readlink(path)
    if content:
        if not os.path.isfile(path):
            raise ReadError("%s exists but is not a regular file (%s)" % (
                path, "a link to a missing file" if kind == "link" else kind))
        if os.path.getsize(path) > MAX_READ_BYTES:
            raise ReadError("%s holds more than %d bytes" % (path, MAX_READ_BYTES))
        with open(path, "rb") as handle:
            out["content"] = handle.read().decode("utf-8", "replace")
    return out


def read_user(name: str) -> Dict[str, Any]:
    """A user's passwd entry: uid, primary group (gid and name), home, shell, comment."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return {"exists": False}
    return {"exists": True, "uid": entry.pw_uid, "gid": entry.pw_gid, "group": _name(grp.getgrgid, entry.pw_gid),
            "home": entry.pw_dir, "shell": entry.pw_shell, "comment": entry.pw_gecos}


def read_group(name: str) -> Dict[str, Any]:
    """A group's entry: its gid."""
    try:
        return {"exists": True, "gid": grp.getgrnam(name).gr_gid}
    except KeyError:
        return {"exists": False}


def _mode(value: Any) -> Optional[int]:
    """An octal mode as an int; None when it cannot be compared (symbolic, unset)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value), 8)
    except ValueError:
        return None


def _same_account(wanted: Any, number: Any, name: Any) -> bool:
    if wanted is None:
        return True
    text = str(wanted)
    return text == str(number) if text.isdigit() else text == name


def is_stale(wanted: Mapping[str, Any], found: Optional[Mapping[str, Any]]) -> bool:
    """Whether the task that makes ``wanted`` has something to do (or may have) on the path ``found`` describes.

    wanted: ``type`` (file, directory, link or absent), optionally ``owner``,
    ``group``, ``mode``, ``checksum`` (SHA-1 of the content; None: content not
    compared) and for a link ``target``.
    """
    if not found:
        return True
    kind = wanted.get("type")
    if kind == "absent":
        return bool(found.get("exists"))
    if found.get("type") != kind:
        return True
    if kind == "link":
        return found.get("target") != wanted.get("target")
    if not _same_account(wanted.get("owner"), found.get("uid"), found.get("owner")):
        return True
    if not _same_account(wanted.get("group"), found.get("gid"), found.get("group")):
        return True
    if "mode" in wanted:
        mode = _mode(wanted.get("mode"))
        if mode is None or mode != _mode(found.get("mode")):
            return True
    if kind == "file" and wanted.get("checksum") is not None:
        return found.get("checksum") != wanted.get("checksum")
    return False


def stale_paths(wanted: Iterable[Mapping[str, Any]], found: Mapping[str, Mapping[str, Any]]) -> Dict[str, List[Any]]:
    """Every kind of entry (``kind``) to the keys (``key``, default the path) of its stale entries.

    Every kind named in ``wanted`` is in the result, with an empty list when
    nothing of it is stale.
    """
    out = {}  # type: Dict[str, List[Any]]
    for entry in wanted:
        keys = out.setdefault(entry["kind"], [])
        if is_stale(entry, found.get(entry["path"])):
            key = entry.get("key", entry["path"])
            if key not in keys:
                keys.append(key)
    return out
