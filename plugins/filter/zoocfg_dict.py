# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read a zoo.cfg written by the role or rewritten by ZooKeeper (reconfig).

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import ZooCfgError, to_dict


def zk_zoo_cfg_dict(text):
    """key -> value of a zoo.cfg text (the last one wins, as in ZooKeeper)."""
    if not isinstance(text, (str, bytes)):
        raise AnsibleFilterError("zk_zoo_cfg_dict expects the text of a zoo.cfg, got %r" % (text,))
    try:
        return to_dict(text if isinstance(text, str) else text.decode("utf-8"))
    except ZooCfgError as exc:
        raise AnsibleFilterError("zk_zoo_cfg_dict: %s" % "; ".join(exc.problems)) from None


class FilterModule(object):
    def filters(self):
        return {"zk_zoo_cfg_dict": zk_zoo_cfg_dict}
