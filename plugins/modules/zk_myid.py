#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: zk_myid
short_description: Write a ZooKeeper server's myid file, or plan unique server ids
version_added: "0.1.0"
description:
  - Write mode (O(path) and O(id)) writes C(<id>) and a newline to a server's C(myid) file atomically
    when the file is absent or empty, and confirms it when it already holds O(id).
  - When the file holds a different id, the module refuses unless O(force=true) because changing a server's
    id on an existing data directory corrupts the ensemble's view of that server.
  - Plan mode (O(hosts), optionally O(existing)) returns a unique id in 1..255 for every host, keeping
    every existing id and giving the other hosts the lowest free ids in the order given; it never changes anything.
  - Catches the copyable mistakes of the same id on every server and of values that only look like
    numbers (V(O1) with a letter O, V(01)).
author:
  - zkops.ensemble contributors (@zkops)
options:
  path:
    description:
      - The myid file, normally C(<dataDir>/myid). Its directory must exist.
      - Selects write mode; mutually exclusive with O(hosts).
    type: path
  id:
    description:
      - This server's id, a whole number from 1 to 255, unique in the ensemble (the C(zookeeper_id) variable).
      - Required with O(path).
    type: int
  force:
    description:
      - Overwrite a myid file that holds a different (or unreadable) id.
      - Only after wiping the server's data directory; the ensemble otherwise mistakes the server for another.
    type: bool
    default: false
  mode:
    description:
      - Permissions of the myid file, as for M(ansible.builtin.file).
      - Applied to a file that already holds O(id) as well.
    type: raw
    default: '0640'
  hosts:
    description:
      - Host names to plan ids for, in order. Selects plan mode; mutually exclusive with O(path).
      - At most 255 hosts, each listed once.
    type: list
    elements: str
  existing:
    description:
      - Ids already in use, host name to id (for example read from the servers' myid files).
      - Kept as they are; ids of hosts missing from O(hosts) stay reserved and are not reused.
      - Two hosts with the same id are an error naming both.
    type: dict
    default: {}
attributes:
  platform:
    support: full
    platforms: posix
  check_mode:
    support: full
    description: Writes nothing and reports whether the file would change.
  diff_mode:
    support: full
    description: Returns the file content before and after.
  safe_file_operations:
    support: full
    description: Writes through a temporary file and an atomic move, then sets owner, group and mode.
  vault:
    support: none
    description: Takes no file from the controller.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.files
seealso:
  - name: ZooKeeper administrator's guide, configuration
    description: The myid file and server.N entries.
    link: https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_zkMulitServerSetup
"""

EXAMPLES = r"""
- name: Write this server's id
  zkops.ensemble.zk_myid:
    path: /var/lib/zookeeper/myid
    id: "{{ zookeeper_id }}"
    owner: zookeeper
    group: zookeeper

- name: Plan ids for the ensemble, keeping the ones already in use
  zkops.ensemble.zk_myid:
    hosts: "{{ groups['zookeeper'] }}"
    existing: {zk1: 1, zk3: 3}
  run_once: true
  register: planned
  # planned.ids == {"zk1": 1, "zk2": 2, "zk3": 3, "zk4": 4}
"""

RETURN = r"""
id:
  description: The id the myid file holds (or would hold in check mode).
  returned: in write mode
  type: int
  sample: 1
previous_id:
  description: The id the file held before; null when it was absent, empty or unreadable.
  returned: in write mode
  type: int
  sample: 3
path:
  description: The myid file.
  returned: in write mode
  type: str
  sample: /var/lib/zookeeper/myid
ids:
  description: Host name to id, in the order of O(hosts).
  returned: in plan mode
  type: dict
  sample: {"zk1": 1, "zk2": 2, "zk3": 3}
"""

import os
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native

from ansible_collections.zkops.ensemble.plugins.module_utils._myid import (
    MyidError,
    plan_ids,
    read_myid,
    validate_id,
)


def _read(module, path):
    """The file's content as text, or None when it does not exist."""
    if not os.path.exists(path):
        return None
    if os.path.isdir(path):
        module.fail_json(msg="path '%s' is a directory; set path to the myid file inside it (%s)"
                         % (path, os.path.join(path, "myid")))
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("ascii", "replace")
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot read myid file '%s': %s; check its permissions" % (path, to_native(exc)))
    return None


def _write(module, path, content):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        module.fail_json(msg="directory '%s' of myid file '%s' does not exist; create the data directory "
                             "(dataDir) first" % (directory, path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".myid.", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(to_bytes(content))
    except (IOError, OSError) as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        module.fail_json(msg="cannot write myid file '%s': %s; check the permissions of '%s'"
                             % (path, to_native(exc), directory))
    module.atomic_move(tmp, path, unsafe_writes=module.params["unsafe_writes"])


def _write_mode(module):
    path = module.params["path"]
    force = module.params["force"]
    wanted = None
    try:
        wanted = validate_id(module.params["id"])
    except MyidError as exc:
        module.fail_json(msg="id: %s" % exc, path=path)
    after = "%d\n" % wanted

    before = _read(module, path)
    previous = None
    if before is not None and before.strip():
        try:
            previous = read_myid(before, path)
        except MyidError as exc:
            if not force:
                module.fail_json(
                    msg="%s; refusing to overwrite it with %d: check which server this data directory "
                        "belongs to, then fix the file or set force=true" % (exc, wanted), path=path)

    if previous is not None and previous != wanted and not force:
        module.fail_json(
            msg="myid file '%s' holds id %d but id %d was requested; changing a server's id on an existing "
                "data directory corrupts the ensemble's view of that server (its transaction log and "
                "snapshots were written as server %d); fix zookeeper_id for this host, or wipe the data "
                "directory and set force=true" % (path, previous, wanted, previous),
            path=path, id=wanted, previous_id=previous)

    write = previous != wanted
    changed = write
    if write and not module.check_mode:
        _write(module, path, after)
    if os.path.exists(path):
        file_args = module.load_file_common_arguments(module.params, path=path)
        changed = module.set_fs_attributes_if_different(file_args, changed)

    result = dict(changed=changed, id=wanted, previous_id=previous, path=path)
    if module._diff:
        current = before if before is not None else ""
        result["diff"] = dict(before_header=path, after_header=path,
                              before=current, after=after if write else current)
    module.exit_json(**result)


def _plan_mode(module):
    ids = {}
    try:
        ids = plan_ids(module.params["hosts"], module.params["existing"])
    except MyidError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(changed=False, ids=ids)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path"),
            id=dict(type="int"),
            force=dict(type="bool", default=False),
            mode=dict(type="raw", default="0640"),
            hosts=dict(type="list", elements="str"),
            existing=dict(type="dict", default={}),
        ),
        mutually_exclusive=[("path", "hosts"), ("hosts", "id")],
        required_one_of=[("path", "hosts")],
        required_by=dict(path="id"),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    if module.params["path"] is not None:
        _write_mode(module)
    else:
        _plan_mode(module)


if __name__ == "__main__":
    main()
