#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a secured ensemble refuses and serves, seen from outside (the secure scenario's verify).

  probe.py refusals --plain H:P --tls H:P --ca CA --cert CERT --key KEY --user SUPER --app APP
      prints one JSON object: each check's outcome (true = as it must be) and what was seen.
  probe.py serial --tls H:P --ca CA --cert CERT --key KEY
      prints the serial number of the certificate the server presents.

Passwords come from the environment (ZKOPS_SUPER_PASSWORD, ZKOPS_APP_PASSWORD), never argv.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import socket
import ssl
import sys

from kazoo.client import KazooClient
from kazoo.exceptions import NoAuthError
from kazoo.security import make_acl

PROTECTED = "/zkops-secure-protected"


def _split(address):
    host, port = address.rsplit(":", 1)
    return host, int(port)


def _context(args, with_cert=True):
    ctx = ssl.create_default_context(cafile=args.ca)
    if with_cert:
        ctx.load_cert_chain(certfile=args.cert, keyfile=args.key)
    return ctx


def _four_letter_word(args, word, with_cert=True):
    """The server's answer to ``word`` over TLS (raises when the handshake or the read fails)."""
    host, port = _split(args.tls)
    with socket.create_connection((host, port), timeout=5) as raw:
        with _context(args, with_cert).wrap_socket(raw, server_hostname=host) as sock:
            sock.sendall(word.encode("ascii"))
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _client(args, user=None, password=None):
    kwargs = dict(hosts=args.tls, timeout=10, use_ssl=True, verify_certs=True, ca=args.ca, certfile=args.cert,
                  keyfile=args.key)
    if user:
        kwargs["sasl_options"] = {"mechanism": "DIGEST-MD5", "username": user, "password": password}
    return KazooClient(**kwargs)


def _outcome(function):
    try:
        return True, function()
    except Exception as exc:  # pylint: disable=broad-except
        return False, "%s: %s" % (type(exc).__name__, exc)


def refusals(args):
    super_password = os.environ["ZKOPS_SUPER_PASSWORD"]
    app_password = os.environ["ZKOPS_APP_PASSWORD"]
    result = {}

    # A plaintext client on the client port: nothing listens there any more (loopback only).
    host, port = _split(args.plain)
    ok, seen = _outcome(lambda: socket.create_connection((host, port), timeout=5).close())
    result["plaintext_refused"] = {"ok": not ok, "seen": seen}

    # TLS without a client certificate: the handshake (or the first read) fails with ssl.clientAuth=need.
    ok, seen = _outcome(lambda: _four_letter_word(args, "srvr", with_cert=False))
    result["tls_without_certificate_refused"] = {"ok": not ok or "Zookeeper version" not in seen, "seen": seen[:200]}

    # Four-letter words over TLS with the client certificate.
    ok, seen = _outcome(lambda: _four_letter_word(args, "srvr"))
    result["four_letter_word_over_tls"] = {"ok": ok and "Zookeeper version" in seen, "seen": seen[:200]}

    # The super user creates a znode only it may read.
    def create():
        client = _client(args, args.user, super_password)
        client.start(timeout=30)
        try:
            if client.exists(PROTECTED):
                client.delete(PROTECTED)
            client.create(PROTECTED, b"secret-data", acl=[make_acl("sasl", args.user, all=True)])
            return client.get(PROTECTED)[0].decode()
        finally:
            client.stop()
            client.close()
    ok, seen = _outcome(create)
    result["super_user_reads_protected"] = {"ok": ok and seen == "secret-data", "seen": seen}

    # TLS with a certificate but no SASL login: enforce.auth closes the session, nothing is read.
    def anonymous():
        client = _client(args)
        client.start(timeout=15)
        try:
            return client.get(PROTECTED)[0].decode()
        finally:
            client.stop()
            client.close()
    ok, seen = _outcome(anonymous)
    result["no_sasl_cannot_read"] = {"ok": not ok, "seen": seen}

    # Another SASL user is authenticated but the ACL keeps it out.
    def other_user():
        client = _client(args, args.app, app_password)
        client.start(timeout=30)
        try:
            return client.get(PROTECTED)[0].decode()
        except NoAuthError as exc:
            raise exc
        finally:
            client.stop()
            client.close()
    ok, seen = _outcome(other_user)
    result["other_user_denied_by_acl"] = {"ok": not ok and "NoAuth" in seen, "seen": seen}
    result["ok"] = all(check["ok"] for check in result.values() if isinstance(check, dict))
    print(json.dumps(result, sort_keys=True))
    return 0 if result["ok"] else 1


def serial(args):
    host, port = _split(args.tls)
    with socket.create_connection((host, port), timeout=5) as raw:
        with _context(args).wrap_socket(raw, server_hostname=host) as sock:
            print(sock.getpeercert()["serialNumber"].upper())
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["refusals", "serial"])
    parser.add_argument("--plain")
    parser.add_argument("--tls", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key")
    parser.add_argument("--user", default="super")
    parser.add_argument("--app", default="app")
    args = parser.parse_args(argv)
    return refusals(args) if args.command == "refusals" else serial(args)


if __name__ == "__main__":
    sys.exit(main())
