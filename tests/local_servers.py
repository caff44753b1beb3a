# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Throwaway servers on 127.0.0.1 for the unit tests of the probe and quorum_check (plain and TLS)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import socket
import threading


@contextlib.contextmanager
def serving(server):
    """Serve ``server`` on a daemon thread, yield its port, and shut it down afterwards."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def closed_port():
    """A port of 127.0.0.1 nothing listens on (bound, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
