# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The zookeeper role's preflight, run from its own files on an inventory dict, without Ansible's executor.

``preflight(inventory)`` reads the role's defaults, vars/main.yml, the argument
spec and the tasks of tasks/preflight.yml and tasks/rooms.yml, and runs those
tasks host by host the way ansible-playbook does: the argument validation
first (Ansible's own ArgumentSpecValidator), then each task's ``when``,
``vars``, ``set_fact``, ``assert`` and ``register``, its Jinja rendered with
the role's templates, the placement_plan module's logic and the
zk_ensemble_plan filter (the real Python). What only a host can answer is
answered as on a fresh host: no myid file, nothing installed (zk_host_state), no package offered
(apt-cache).
It stops where the play stops and returns what it refused with.

It runs the role's own Jinja so that a change of preflight.yml, rooms.yml or
vars/main.yml reaches the unit tests; tests/integration runs the same
inventories through the real ansible-playbook to keep this honest.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections.abc
import functools
import os
import re
import types
import warnings

import yaml
from jinja2 import ChainableUndefined
from jinja2.nativetypes import NativeEnvironment

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.zkops.ensemble.plugins.filter.render import zk_ensemble_plan, zk_host_instances
from ansible_collections.zkops.ensemble.plugins.module_utils._placement import PlacementError
from ansible_collections.zkops.ensemble.plugins.module_utils._placement import plan as placement_plan

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLE = os.path.join(REPO, "roles", "zookeeper")
GROUP = "zookeeper"


@functools.lru_cache(maxsize=None)
def _load(*path):
    """A file of the role, parsed once (shared: never changed by the callers)."""
    with open(os.path.join(ROLE, *path)) as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class Refusal(Exception):
    """The play stops: ``task`` (its name) refused with ``messages`` (one per problem, naming the hosts)."""

    def __init__(self, task, messages):
        super(Refusal, self).__init__("%s: %s" % (task, messages))
        self.task = task
        self.messages = messages


class _Omit(object):
    def __repr__(self):
        return "omit"


OMIT = _Omit()


# ----------------------------------------------------------------------------- Jinja as the role's tasks use it


def _concat(nodes):
    """A single expression keeps its type (as Ansible's templating does); several are joined as text."""
    nodes = list(nodes)
    if len(nodes) == 1:
        return nodes[0]
    return "".join("" if n is None else str(n) for n in nodes)


class _Environment(NativeEnvironment):
    concat = staticmethod(_concat)


def _to_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("yes", "on", "1", "true", "y", "t")


def _extract(item, container, morekeys=None):
    value = container[item]
    if morekeys is not None:
        for key in morekeys if isinstance(morekeys, list) else [morekeys]:
            value = value[key]
    return value


def _combine(*dicts):
    result = {}
    for item in dicts:
        result.update(item)
    return result


def _listing(function):
    """Ansible hands a plugin lists where Jinja's map and select give generators."""
    def call(*args, **kwargs):
        return function(*[list(a) if isinstance(a, types.GeneratorType) else a for a in args], **kwargs)
    return call


def _environment():
    env = _Environment(undefined=ChainableUndefined)
    env.filters.update((name, _listing(function)) for name, function in {
        "bool": _to_bool,
        "regex_replace": lambda value, pattern, replacement="": re.sub(pattern, replacement, str(value)),
        "extract": _extract,
        "split": lambda value, sep=None: str(value).split(sep),
        "combine": _combine,
        "zip": lambda *lists: [list(t) for t in zip(*lists)],
        "flatten": lambda value: [x for item in value for x in (item if isinstance(item, list) else [item])],
        "zkops.ensemble.zk_ensemble_plan": zk_ensemble_plan,
        "zkops.ensemble.zk_host_instances": zk_host_instances,
    }.items())
    env.tests.update({
        "search": lambda value, pattern: re.search(pattern, str(value)) is not None,
        "skipped": lambda result: bool(isinstance(result, dict) and result.get("skipped")),
        "file": lambda path: os.path.isfile(str(path)),
    })
    env.globals.update({
        "lookup": lambda plugin, name, *args, **kwargs: os.environ.get(name, "") if plugin.endswith("env") else "",
        "omit": OMIT,
    })
    return env


ENV = _environment()


class HostVars(collections.abc.Mapping):
    """One host's variables, with Ansible's precedence; strings with Jinja are rendered when read."""

    def __init__(self, layers, extra):
        self.layers = layers  # lowest precedence first
        self.extra = extra  # magic variables: inventory_hostname, hostvars, groups, ...

    def raw(self, key):
        for layer in reversed(self.layers):
            if key in layer:
                return layer[key]
        if key in self.extra:
            return self.extra[key]
        raise KeyError(key)

    def __getitem__(self, key):
        try:
            return render(self.raw(key), self)
        except KeyError:
            if key in ENV.globals:
                return ENV.globals[key]
            raise

    def __contains__(self, key):
        return any(key in layer for layer in self.layers) or key in self.extra or key in ENV.globals

    def __iter__(self):
        seen = set()
        for layer in list(self.layers) + [self.extra]:
            for key in layer:
                if key not in seen:
                    seen.add(key)
                    yield key

    def __len__(self):
        return len(list(iter(self)))

    def with_layer(self, layer):
        """These variables with a task's vars: above the inventory and the role's vars, below the facts."""
        return HostVars(self.layers[:-1] + [layer, self.layers[-1]], self.extra)


_TEMPLATES = {}


def _template(text):
    if text not in _TEMPLATES:
        with warnings.catch_warnings():
            # preflight.yml's select('search', '\|'): Jinja decodes the escape and Python warns about it.
            warnings.simplefilter("ignore", DeprecationWarning)
            _TEMPLATES[text] = ENV.from_string(text)
    return _TEMPLATES[text]


def render(value, variables):
    """A task argument rendered the way Ansible does: every string with Jinja in it, in nested data too."""
    if isinstance(value, str):
        if "{{" not in value and "{%" not in value:
            return value
        template = _template(value)
        return ENV.concat(template.root_render_func(template.new_context(variables, shared=True)))
    if isinstance(value, dict):
        return dict((render(k, variables), render(v, variables)) for k, v in value.items())
    if isinstance(value, list):
        return [render(v, variables) for v in value]
    return value


def _condition(text, variables):
    return _to_bool(render("{{ %s }}" % text if not isinstance(text, bool) else text, variables))


# ----------------------------------------------------------------------------- the play


def _tasks(name):
    """The tasks of tasks/<name>.yml with their import_tasks expanded, in order."""
    result = []
    for task in _load("tasks", name):
        if "ansible.builtin.import_tasks" in task:
            result.extend(_tasks(task["ansible.builtin.import_tasks"]))
        else:
            result.append(task)
    return result


def preflight(inventory, group=GROUP):
    """Run the role's preflight on ``inventory`` ({host: {variable: value}}, in play order).

    Returns (task, messages): the name of the task that stopped the play and its
    messages, or (None, plan) when the preflight passed.
    """
    hosts = list(inventory)
    defaults = _load("defaults", "main.yml")
    role_vars = _load("vars", "main.yml")
    facts = dict((host, {}) for host in hosts)
    hostvars = {}
    extra_common = {"groups": {group: hosts, "all": hosts}, "hostvars": hostvars, "ansible_play_hosts_all": hosts,
                    "ansible_play_hosts": hosts, "ansible_check_mode": False, "role_path": ROLE,
                    "ansible_playbook_python": "python3"}
    for host in hosts:
        extra = dict(extra_common, inventory_hostname=host)
        hostvars[host] = HostVars([defaults, dict(inventory[host]), role_vars, facts[host]], extra)
    try:
        active = _validate_arguments(hosts, hostvars)
        for task in _tasks("preflight.yml"):
            active = _run_task(task, active, hostvars, facts)
    except Refusal as refusal:
        return refusal.task, refusal.messages
    return None, hostvars[hosts[0]]["__zookeeper_plan"]


def _validate_arguments(hosts, hostvars):
    """The role's implicit first task: every host's variables against meta/argument_specs.yml (main)."""
    options = _load("meta", "argument_specs.yml")["argument_specs"]["main"]["options"]
    failed = []
    for host in hosts:
        variables = hostvars[host]
        provided = dict((name, variables[name]) for name in options if name in variables)
        result = ArgumentSpecValidator(options).validate(provided, validate_role_argument_spec=True)
        failed.extend("%s: %s" % (host, error) for error in result.error_messages)
    if failed:
        raise Refusal("Validating arguments against arg spec 'main'", failed)
    return list(hosts)


def _run_task(task, active, hostvars, facts):
    """Run one task on the active hosts (the first one only with run_once); raises Refusal when one fails.

    ansible-playbook would let the other hosts go on (the preflight's plan then refuses to run without the
    failed ones); the first refusal is the one a case is about, so the play stops here.
    """
    targets = active[:1] if task.get("run_once") else list(active)
    failures = []
    for host in targets:
        variables = hostvars[host].with_layer(task.get("vars") or {})
        conditions = task.get("when", [])
        if not all(_condition(c, variables) for c in (conditions if isinstance(conditions, list) else [conditions])):
            result = {"skipped": True, "changed": False}
        else:
            result, messages = _execute(task, variables, facts[host])
            failures.extend(messages)
        if task.get("register"):
            # A run_once task's result is registered on every host.
            for owner in (active if task.get("run_once") else [host]):
                facts[owner][task["register"]] = result
    if failures:
        raise Refusal(task.get("name", ""), failures)
    return active


def _execute(task, variables, host_facts):
    """(result, failure messages) of one task on one host."""
    if "ansible.builtin.set_fact" in task:
        values = render(task["ansible.builtin.set_fact"], variables)
        host_facts.update(values)
        return {"ansible_facts": values, "changed": False}, []
    if "ansible.builtin.assert" in task:
        spec = task["ansible.builtin.assert"]
        that = spec["that"] if isinstance(spec["that"], list) else [spec["that"]]
        if all(_condition(c, variables) for c in that):
            return {"changed": False}, []
        message = render(spec.get("fail_msg") or spec.get("msg") or "Assertion failed", variables)
        messages = message if isinstance(message, list) else [message]
        if messages and str(messages[0]).startswith("ZooKeeper preflight failed"):
            messages = messages[1:]  # the heading of the preflight's list of problems
        return {"failed": True}, [" ".join(str(m).split()) for m in messages]
    if "zkops.ensemble.placement_plan" in task:
        args = dict((k, v) for k, v in render(task["zkops.ensemble.placement_plan"], variables).items()
                    if v is not OMIT)
        try:
            result = placement_plan(size=args.get("size"), rooms=args.get("rooms"), hosts=args.get("hosts"),
                                    primary_room=args.get("primary_room"),
                                    hierarchical_quorum=_to_bool(args.get("hierarchical_quorum", False)))
        except PlacementError as exc:
            return {"failed": True, "msg": str(exc)}, [str(exc)]
        result.pop("warnings")
        return result, []
    if "ansible.builtin.command" in task:
        return {"stdout_lines": [], "rc": 0, "changed": False}, []  # apt-cache madison: no package offered
    if "zkops.ensemble.zk_host_state" in task:
        # A fresh host: no myid file, nothing installed, no service user or group.
        args = render(task["zkops.ensemble.zk_host_state"], variables)
        absent = {"exists": False, "type": "absent"}
        return {"paths": dict((path, dict(absent)) for path in list(args.get("paths") or []) + list(args.get("read") or [])),
                "users": dict((name, {"exists": False}) for name in args.get("users") or []),
                "groups": dict((name, {"exists": False}) for name in args.get("groups") or []),
                "changed": False}, []
    if "ansible.builtin.debug" in task:
        return {"changed": False}, []
    raise AssertionError("role_preflight cannot run the task %r yet: teach it" % task.get("name"))
