#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: zk_host_state
short_description: Read several paths, users and groups of a host in one call
version_added: "0.3.0"
description:
  - Describes every path of O(paths) (type, owner, group, mode, SHA-1 checksum of a file, target of a link), the
    content of the small files of O(read), and the passwd and group entries of O(users) and O(groups), in one
    call instead of one M(ansible.builtin.stat), M(ansible.builtin.slurp) or M(ansible.builtin.getent) per item.
  - The M(zkops.ensemble.zookeeper) role reads the existing myid files with it in the preflight, and before it
    writes a server's files it reads them all at once, so that a run with nothing to change skips the tasks that
    would find nothing to do (see the C(zk_stale_paths) filter).
  - Never changes anything.
author:
  - zkops.ensemble contributors (@zkops)
options:
  paths:
    description:
      - Paths to describe. A symbolic link is described itself, not what it points to.
    type: list
    elements: path
    default: []
  read:
    description:
      - Paths whose content to return as well (text, at most 64 KiB each; a link is followed).
      - A path that exists but is not a readable regular file is an error naming it.
    type: list
    elements: path
    default: []
  users:
    description:
      - User names whose passwd entries to return.
    type: list
    elements: str
    default: []
  groups:
    description:
      - Group names whose entries to return.
    type: list
    elements: str
    default: []
attributes:
  platform:
    support: full
    platforms: posix
  check_mode:
    support: full
    description: Reads only; the same result in either mode.
  diff_mode:
    support: none
    description: Nothing is changed, so there is nothing to diff.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
seealso:
  - module: ansible.builtin.stat
  - module: ansible.builtin.slurp
"""

EXAMPLES = r"""
- name: Read the myid files and the unit template in one call
  zkops.ensemble.zk_host_state:
    paths: [/etc/systemd/system/zookeeper@.service]
    read: [/var/lib/zookeeper/data/myid]
    users: [zookeeper]
    groups: [zookeeper]
  register: host_state
  # host_state.paths['/var/lib/zookeeper/data/myid'].content == "1\n"
  # host_state.users.zookeeper.home == "/var/lib/zookeeper"
"""

RETURN = r"""
paths:
  description:
    - Every path of O(paths) and O(read) to its description.
    - C(exists) (a link counts even when its target is missing) and C(type) (C(file), C(directory), C(link),
      C(other), or C(absent)); for an existing path C(owner), C(group) (names; the number when it has no name),
      C(uid), C(gid) and C(mode) (four octal digits); C(checksum) (SHA-1) for a file, C(target) for a link,
      and C(content) for the paths of O(read).
  returned: always
  type: dict
  sample:
    /var/lib/zookeeper/data/myid:
      exists: true
      type: file
      owner: zookeeper
      group: zookeeper
      uid: 999
      gid: 999
      mode: "0640"
      checksum: e5fa44f2b31c1fb553b6021e7360d07d5d91ff5e
      content: "1\n"
users:
  description:
    - Every user of O(users) to C(exists) and, when it exists, C(uid), C(gid), C(group) (primary group name),
      C(home), C(shell) and C(comment).
  returned: always
  type: dict
  sample:
    zookeeper: {exists: true, uid: 999, gid: 999, group: zookeeper, home: /var/lib/zookeeper,
                shell: /usr/sbin/nologin, comment: Apache ZooKeeper}
groups:
  description: Every group of O(groups) to C(exists) and, when it exists, C(gid).
  returned: always
  type: dict
  sample:
    zookeeper: {exists: true, gid: 999}
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.zkops.ensemble.plugins.module_utils._host_state import (
    ReadError,
    read_group,
    read_path,
    read_user,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            paths=dict(type="list", elements="path", default=[]),
            read=dict(type="list", elements="path", default=[]),
            users=dict(type="list", elements="str", default=[]),
            groups=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    paths = {}
    try:
        for path in module.params["paths"]:
            paths[path] = read_path(path)
        for path in module.params["read"]:
            paths[path] = read_path(path, content=True)
    except ReadError as exc:
        module.fail_json(msg="cannot read %s" % exc)
    except (IOError, OSError) as exc:
        module.fail_json(msg="cannot read %s: %s; check its permissions" % (
            getattr(exc, "filename", None) or "a path", to_native(exc)))
    module.exit_json(
        changed=False,
        paths=paths,
        users=dict((name, read_user(name)) for name in module.params["users"]),
        groups=dict((name, read_group(name)) for name in module.params["groups"]),
    )


if __name__ == "__main__":
    main()
