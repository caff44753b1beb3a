# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""join_words: the lists in problem messages and warnings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words


@pytest.mark.parametrize("items, last, expected", [
    ([], "and", ""),
    (["a"], "and", "a"),
    (["a", "b"], "and", "a and b"),
    (["a", "b", "c"], "and", "a, b and c"),
    (["7", "9"], "or", "7 or 9"),
    ([5, 7, 9], "or", "5, 7 or 9"),
    ((x for x in ("x", "y")), "and", "x and y"),
])
def test_join_words(items, last, expected):
    assert join_words(items, last) == expected
