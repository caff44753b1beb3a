# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The preflight's map zoo.cfg key -> role variable agrees with what the role writes.

A refusal about a zoo.cfg value names the variable that set it, looked up in
_preflight.SETTING_VARIABLES (the settings every server shares) and
SERVER_SETTING_VARIABLES (each server's own). The role writes the shared ones
in vars/main.yml (__zookeeper_settings): when either side gains, loses or
renames a key, this fails.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pathlib
import re

import yaml

from ansible_collections.zkops.ensemble.plugins.module_utils import _preflight as preflight
from ansible_collections.zkops.ensemble.plugins.module_utils._security import MANAGED_KEYS as SECURITY_MANAGED_KEYS
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg_keys import is_known_key

_ROLE = pathlib.Path(__file__).resolve().parents[2] / "roles" / "zookeeper"
_VARIABLE = re.compile(r"\bzookeeper_[a-z0-9_]+")


def _load(path):
    return yaml.safe_load((_ROLE / path).read_text())


def _written_settings():
    """zoo.cfg key -> the first zookeeper_* variable its template in vars/main.yml reads."""
    written = {}
    for key, template in _load("vars/main.yml")["__zookeeper_settings"].items():
        found = _VARIABLE.findall(str(template))
        assert found, "%s: %r reads no zookeeper_* variable" % (key, template)
        written[key] = found[0]
    return written


def test_every_shared_setting_maps_to_the_variable_vars_main_reads():
    assert preflight.SETTING_VARIABLES == _written_settings()


def test_the_mapped_variables_are_role_variables():
    defaults = _load("defaults/main.yml")
    options = _load("meta/argument_specs.yml")["argument_specs"]["main"]["options"]
    variables = list(preflight.SETTING_VARIABLES.values()) + [
        var for var, _item in preflight.SERVER_SETTING_VARIABLES.values()]
    for var in variables:
        assert var in defaults, var
        assert var in options, var


def test_each_servers_own_settings_are_the_ones_extra_config_may_not_set():
    assert set(preflight.MANAGED_KEYS) == set(preflight.SERVER_SETTING_VARIABLES) | set(SECURITY_MANAGED_KEYS)
    assert not set(preflight.SETTING_VARIABLES) & set(preflight.SERVER_SETTING_VARIABLES)
    for key in list(preflight.SETTING_VARIABLES) + list(preflight.SERVER_SETTING_VARIABLES) + list(SECURITY_MANAGED_KEYS):
        assert is_known_key(key), key


def test_the_shared_settings_do_not_hold_a_servers_own_key():
    assert not set(_written_settings()) & set(preflight.SERVER_SETTING_VARIABLES)
