# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Text helpers shared by the messages of several module_utils.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any, Iterable


def join_words(items: Iterable[Any], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (``last``: the word before the last item, 'and' or 'or')."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return "%s %s %s" % (", ".join(items[:-1]), last, items[-1])
