# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which of the role's file, template and link tasks have something to do on a host,
from what M(zkops.ensemble.zk_host_state) read there (module_utils/_host_state.py).

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._data import plain as _plain
from ansible_collections.zkops.ensemble.plugins.module_utils._host_state import stale_paths


def zk_stale_paths(wanted, found):
    """Kind -> keys of the wanted entries that differ from what the host holds (or may differ)."""
    if isinstance(wanted, (str, Mapping)) or not hasattr(wanted, "__iter__"):
        raise AnsibleFilterError("zk_stale_paths expects a list of wanted entries (dicts), got %r" % (wanted,))
    if not isinstance(found, Mapping):
        raise AnsibleFilterError("zk_stale_paths expects the paths of a zk_host_state result (a dict), got %r"
                                 % (found,))
    entries = _plain(list(wanted))
    for entry in entries:
        if not isinstance(entry, Mapping) or not {"path", "kind", "type"} <= set(entry):
            raise AnsibleFilterError("zk_stale_paths: each wanted entry needs path, kind and type, got %r" % (entry,))
        if entry["type"] not in ("file", "directory", "link", "absent"):
            raise AnsibleFilterError("zk_stale_paths: type must be file, directory, link or absent, got %r"
                                     % (entry["type"],))
    return stale_paths(entries, _plain(found))


class FilterModule(object):
    """zkops.ensemble host state filters."""

    def filters(self):
        return {"zk_stale_paths": zk_stale_paths}
