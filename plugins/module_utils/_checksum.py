# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The SHA-512 digest of an Apache release, from its ``.sha512`` file.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
from typing import Optional, Union

_HEX = re.compile(r"^[0-9a-fA-F]+$")


def parse_checksum(text: Union[str, bytes], filename: Optional[str] = None) -> str:
    """The hex digest in a ``.sha512`` file (``HASH  name`` or gpg's ``name: AB12 CD34 ...``), lower case.

    With ``filename``, a ``HASH  name`` line for another file is skipped. Raises
    ValueError when no digest of 128 hex digits is found.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = str(text or "")
    where = "checksum file" + (" of %s" % filename if filename else "")
    # gpg --print-md: "name: 1A2B 3C4D ..." over several lines
    if ":" in text.split("\n", 1)[0] and not _HEX.match(text.split()[0] if text.split() else ""):
        digest = "".join(text.split(":", 1)[1].split())
        if _HEX.match(digest) and len(digest) == 128:
            return digest.lower()
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        digest = parts[0]
        named = parts[1].lstrip("*") if len(parts) > 1 else None
        if filename and named and os.path.basename(named) != os.path.basename(filename):
            continue
        if _HEX.match(digest) and len(digest) == 128:
            return digest.lower()
    raise ValueError("%s holds no SHA-512 digest (128 hex digits): %r" % (where, text[:200]))
