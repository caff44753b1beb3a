# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""parse_checksum: the SHA-512 digest of a release's .sha512 file."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._checksum import parse_checksum

DIGEST = "ab" * 64


@pytest.mark.parametrize("text, filename, expected", [
    ("%s  apache-zookeeper-3.8.0-bin.tar.gz\n" % DIGEST, "apache-zookeeper-3.8.0-bin.tar.gz", DIGEST),
    ("%s *apache-zookeeper-3.8.0-bin.tar.gz\n" % DIGEST.upper(), "/cache/apache-zookeeper-3.8.0-bin.tar.gz", DIGEST),
    ("%s\n" % DIGEST, None, DIGEST),
    # gpg --print-md SHA512 layout, as some older Apache releases publish it
    ("apache-zookeeper-3.8.0-bin.tar.gz: %s\n" % " ".join(DIGEST[i:i + 8].upper() for i in range(0, 128, 8)),
     "apache-zookeeper-3.8.0-bin.tar.gz", DIGEST),
    ("%s  other.tar.gz\n%s  apache-zookeeper-3.8.0-bin.tar.gz\n" % ("cd" * 64, DIGEST),
     "apache-zookeeper-3.8.0-bin.tar.gz", DIGEST),
])
def test_parse_checksum(text, filename, expected):
    assert parse_checksum(text, filename) == expected


@pytest.mark.parametrize("text", ["", "<html>404 Not Found</html>", "abcd  apache-zookeeper-3.8.0-bin.tar.gz"])
def test_parse_checksum_refuses(text):
    with pytest.raises(ValueError, match="holds no SHA-512 digest"):
        parse_checksum(text, "apache-zookeeper-3.8.0-bin.tar.gz")
