# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters the server roles render and plan with: zoo.cfg text from the one renderer
(module_utils/_zoocfg.py) and the preflight plan (module_utils/_preflight.py).

Each filter is documented in plugins/filter/<filter_name>.yml.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.module_utils._checksum import parse_checksum
from ansible_collections.zkops.ensemble.plugins.module_utils._data import plain as _plain
from ansible_collections.zkops.ensemble.plugins.module_utils._preflight import host_instances, plan
from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import ZooCfgError
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import render, validate


def _specs(specs, name):
    if isinstance(specs, Mapping):
        specs = list(specs.values())
    if isinstance(specs, str) or not isinstance(specs, (list, tuple)):
        raise AnsibleFilterError("%s expects a list of host specs (dicts with host, address, instances, ...), "
                                 "got %r" % (name, specs))
    for index, spec in enumerate(specs):
        if not isinstance(spec, Mapping):
            raise AnsibleFilterError("%s: host spec %d is %r, not a dict" % (name, index, spec))
    return _plain(specs)


def zk_zoo_cfg(settings, servers=None, my_id=None, header=None, quorum_groups=None, weights=None, groups=None):
    """zoo.cfg text rendered and validated by module_utils/_zoocfg.render (``groups``: alias of quorum_groups)."""
    if groups is not None:
        if quorum_groups is not None:
            raise AnsibleFilterError("zk_zoo_cfg: give quorum_groups or its alias groups, not both")
        quorum_groups = groups
    if not isinstance(settings, Mapping):
        raise AnsibleFilterError("zk_zoo_cfg expects a dict of zoo.cfg settings, got %r" % (settings,))
    if servers is not None and (isinstance(servers, (str, Mapping)) or not isinstance(servers, (list, tuple))):
        raise AnsibleFilterError("zk_zoo_cfg: servers must be a list of {id, host, quorum_port, election_port} "
                                 "dicts, got %r" % (servers,))
    try:
        text = render(_plain(settings), _plain(servers or []), quorum_groups=_plain(quorum_groups or {}),
                      weights=_plain(weights or {}), header=header)
    except ZooCfgError as exc:
        raise AnsibleFilterError("zk_zoo_cfg: zoo.cfg not rendered: %s" % "; ".join(exc.problems)) from None
    if my_id is not None and servers:
        problems = validate(text, my_id)
        if problems:
            raise AnsibleFilterError("zk_zoo_cfg: zoo.cfg for server %s not rendered: %s"
                                     % (my_id, "; ".join(problems)))
    return text


def zk_host_instances(spec):
    """The servers one host spec runs (ids may be null until planned); problems are left to the preflight."""
    if not isinstance(spec, Mapping):
        raise AnsibleFilterError("zk_host_instances expects a host spec dict, got %r" % (spec,))
    instances, _problems = host_instances(_plain(spec))
    return [dict((k, v) for k, v in inst.items() if k != "spec") for inst in instances]


def zk_ensemble_plan(specs, existing=None, inventory_hosts=None):
    """The preflight verdict and plan: problems, warnings, servers, per-host instances, connect string."""
    if existing is not None and not isinstance(existing, Mapping):
        raise AnsibleFilterError("zk_ensemble_plan: existing must be a dict host -> {data_dir: myid content}, "
                                 "got %r" % (existing,))
    return plan(_specs(specs, "zk_ensemble_plan"), _plain(existing or {}), _plain(inventory_hosts))


def zk_preflight_problems(specs, existing=None, inventory_hosts=None):
    """Only the problems of zk_ensemble_plan: empty when the ensemble may be deployed."""
    return zk_ensemble_plan(specs, existing, inventory_hosts)["problems"]


def zk_checksum(text, filename=None):
    """The SHA-512 digest held by a .sha512 file's content."""
    try:
        return parse_checksum(text, filename)
    except ValueError as exc:
        raise AnsibleFilterError("zk_checksum: %s" % exc) from None


class FilterModule(object):
    """zkops.ensemble render and preflight filters."""

    def filters(self):
        return {
            "zk_zoo_cfg": zk_zoo_cfg,
            "zk_host_instances": zk_host_instances,
            "zk_ensemble_plan": zk_ensemble_plan,
            "zk_preflight_problems": zk_preflight_problems,
            "zk_checksum": zk_checksum,
        }
