# Copyright (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every message a task prints (msg, fail_msg, success_msg) reads as one paragraph.

In a folded scalar (``>-``) a line indented deeper than its neighbours keeps
its line breaks, so a refusal would reach the operator with literal ``\\n`` in
it. Breaks inside ``{{ }}`` are only Jinja whitespace and do not count.
"""

from __future__ import annotations

import pathlib
import re

import pytest
import yaml

_ROOT = pathlib.Path(__file__).resolve().parents[2]
_MESSAGE_KEYS = ("msg", "fail_msg", "success_msg")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_FILES = sorted(p for d in ("roles", "playbooks") for p in (_ROOT / d).rglob("*.yml"))


def _messages(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _MESSAGE_KEYS and isinstance(value, str):
                yield key, value
            else:
                yield from _messages(value)
    elif isinstance(node, list):
        for item in node:
            yield from _messages(item)


def test_there_are_files_to_check():
    assert len(_FILES) > 20


@pytest.mark.parametrize("path", _FILES, ids=lambda p: str(p.relative_to(_ROOT)))
def test_messages_have_no_line_breaks_outside_jinja(path):
    broken = [
        "%s: %s" % (key, text[:70])
        for key, text in _messages(yaml.safe_load(path.read_text()))
        if "\n" in _JINJA.sub("", text).strip("\n")
    ]
    assert broken == []


def test_the_check_catches_a_deeper_indented_line():
    folded = yaml.safe_load("fail_msg: >-\n  first line\n    {{ deeper }}\n  last line\n")
    assert "\n" in _JINJA.sub("", folded["fail_msg"])
