#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure what an operation on a ZooKeeper ensemble does to its clients.

Writes sequential znodes (``<path>/w-NNNNNNNNNN``) at a steady rate through one
kazoo client until stopped (SIGTERM/SIGINT, ``--stop-file`` appearing,
``--duration`` or ``--max-writes`` reached), then reconnects with a NEW
session, syncs, reads every znode back and reports, as JSON, how many writes
were attempted, acknowledged, failed and lost, the longest stall between two
acknowledged writes, and how often the leader changed (a background thread asks
every server ``srvr`` through the collection's probe module). See
docs/workload.md for the exact meaning of every field.

The logic is the collection's (plugins/module_utils/_workload.py, also behind
the module zkops.ensemble.zk_workload); this is its command line, for test
scenarios and benchmarks that start it in the background.

Exit status: 0 when nothing acknowledged was lost (and every preloaded znode is
present), 1 otherwise (or when the run or the verification failed), 2 for bad
arguments.

Usage:
  workload.py --servers h1:2181,h2:2181,h3:2181 [--path /zkops-workload/RUN] [--rate 20]
              [--duration 600] [--stop-file F] [--max-writes 50000] [--preload N] [--cleanup]
              [--leader-poll 0.5] [--session-timeout 10] [--report FILE] [--samples]
              [--tls-ca-file CA.pem [--tls-cert-file CERT.pem [--tls-key-file KEY.pem]]]
              [--sasl-user USER [--sasl-password-file FILE] [--acl-user-only]]

TLS: --servers are then the secure client ports (host:secureClientPort). SASL
DIGEST-MD5: the password is never taken on the command line (other users see
argv): it is read from --sasl-password-file (first line) or, without that, from
the environment variable ZKOPS_SASL_PASSWORD.
"""

import argparse
import json
import logging
import os
import signal
import sys
import tempfile


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_root():
    """The collections tree that holds this checkout as ansible_collections/zkops/ensemble.

    scripts/venv.sh links it into .cache/collections (as tests/unit/conftest.py
    expects); a fresh checkout gets a temporary link, as scripts/local_ensemble.py does.
    """
    linked = os.path.join(REPO, ".cache", "collections")
    if os.path.isdir(os.path.join(linked, "ansible_collections", "zkops", "ensemble")):
        return linked
    root = tempfile.mkdtemp(prefix="zkops-collections-")
    os.makedirs(os.path.join(root, "ansible_collections", "zkops"))
    os.symlink(REPO, os.path.join(root, "ansible_collections", "zkops", "ensemble"))
    return root


_COLLECTIONS = _collections_root()
if _COLLECTIONS not in sys.path:
    sys.path.insert(0, _COLLECTIONS)
# pylint: disable=wrong-import-position
from ansible_collections.zkops.ensemble.plugins.module_utils._workload import (  # noqa: E402
    DEFAULT_DURATION, DEFAULT_LEADER_POLL, DEFAULT_RATE, DEFAULT_ROOT, DEFAULT_SESSION_TIMEOUT,
    DEFAULT_VERIFY_TIMEOUT, MAX_PRELOAD, MAX_WRITES, Security, Workload, WorkloadError, summary)

__all__ = ["Workload", "WorkloadError", "main", "summary"]

PASSWORD_ENV = "ZKOPS_SASL_PASSWORD"
_FLAG_NAMES = {"ca": "--tls-ca-file", "cert": "--tls-cert-file", "key": "--tls-key-file", "user": "--sasl-user",
               "password": "--sasl-password-file (or %s)" % PASSWORD_ENV, "acl": "--acl-user-only"}


def _parser():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--servers", required=True, help="client connect string, h1:2181,h2:2181,...")
    parser.add_argument("--path", default=None,
                        help="parent znode of this run (default %s/<run-id>); must be new or empty" % DEFAULT_ROOT)
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE, help="writes per second (default 20)")
    parser.add_argument("--duration", type=float, default=DEFAULT_DURATION,
                        help="stop after this many seconds of writing (default and bound %g)" % DEFAULT_DURATION)
    parser.add_argument("--stop-file", default=None, help="stop when this file appears (must not exist yet)")
    parser.add_argument("--max-writes", type=int, default=MAX_WRITES,
                        help="stop after this many attempts (at most %d)" % MAX_WRITES)
    parser.add_argument("--preload", type=int, default=0,
                        help="write N znodes under <path>/preload first, check them after (at most %d)" % MAX_PRELOAD)
    parser.add_argument("--cleanup", action="store_true", help="delete the run's znodes at the end")
    parser.add_argument("--leader-poll", type=float, default=DEFAULT_LEADER_POLL,
                        help="seconds between srvr polls of every server (0: off; default 0.5)")
    parser.add_argument("--session-timeout", type=float, default=DEFAULT_SESSION_TIMEOUT,
                        help="kazoo session timeout in seconds (default 10)")
    parser.add_argument("--verify-timeout", type=float, default=DEFAULT_VERIFY_TIMEOUT,
                        help="seconds to keep retrying the connection and reads of the verification (default 60)")
    parser.add_argument("--report", default=None, help="write the JSON report here instead of stdout")
    parser.add_argument("--samples", action="store_true",
                        help="keep every attempt's [issued s, latency ms or null] in the report's samples")
    parser.add_argument("--verbose", action="store_true", help="show kazoo's connection log on stderr")
    parser.add_argument("--tls-ca-file", default=None,
                        help="connect over TLS trusting this CA (PEM); --servers are then host:secureClientPort")
    parser.add_argument("--tls-cert-file", default=None,
                        help="client certificate chain (PEM) to present; may hold the key after the chain")
    parser.add_argument("--tls-key-file", default=None, help="the key of --tls-cert-file when it holds none")
    parser.add_argument("--sasl-user", default=None, help="authenticate with SASL DIGEST-MD5 as this user")
    parser.add_argument("--sasl-password-file", default=None,
                        help="file whose first line is the SASL password (default: the environment variable %s)"
                        % PASSWORD_ENV)
    parser.add_argument("--acl-user-only", action="store_true",
                        help="create the run's znodes readable and writable only by --sasl-user (ACL sasl:USER)")
    return parser


def _sasl_password(args):
    """The password from --sasl-password-file or $ZKOPS_SASL_PASSWORD (None without --sasl-user)."""
    if not args.sasl_user:
        if args.sasl_password_file:
            raise WorkloadError("--sasl-password-file is set but --sasl-user is not; name the SASL user")
        return None
    if args.sasl_password_file:
        try:
            with open(args.sasl_password_file) as handle:
                password = handle.readline().rstrip("\r\n")
        except (IOError, OSError) as exc:
            raise WorkloadError("--sasl-password-file %s cannot be read (%s); give a file whose first line is the "
                                "password of %s" % (args.sasl_password_file, exc.strerror or exc, args.sasl_user))
        if not password:
            raise WorkloadError("--sasl-password-file %s is empty; write the password of %s on its first line"
                                % (args.sasl_password_file, args.sasl_user))
        return password
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise WorkloadError("--sasl-user %s needs a password: give --sasl-password-file FILE or set the environment "
                            "variable %s (never on the command line)" % (args.sasl_user, PASSWORD_ENV))
    return password


def main(argv=None):
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        security = Security(tls_ca_file=args.tls_ca_file, tls_cert_file=args.tls_cert_file,
                            tls_key_file=args.tls_key_file, sasl_user=args.sasl_user,
                            sasl_password=_sasl_password(args), acl_user_only=args.acl_user_only, names=_FLAG_NAMES)
        workload = Workload(args.servers, path=args.path, rate=args.rate, duration=args.duration,
                            stop_file=args.stop_file, max_writes=args.max_writes, preload=args.preload,
                            cleanup=args.cleanup, leader_poll=args.leader_poll, session_timeout=args.session_timeout,
                            verify_timeout=args.verify_timeout, security=security, keep_samples=args.samples)
    except WorkloadError as exc:
        print("workload.py: %s" % exc, file=sys.stderr)
        return 2

    def _on_signal(signum, _frame):
        workload.request_stop("signal %s" % signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    print("workload %s: writing to %s at %g/s (stop: SIGTERM/SIGINT%s, or after %g s)"
          % (workload.run_id, workload.path, workload.rate,
             ", %s appearing" % workload.stop_file if workload.stop_file else "", workload.duration),
          file=sys.stderr, flush=True)
    report = workload.run()
    text = json.dumps(report, indent=2, sort_keys=True)
    if args.report:
        tmp = args.report + ".tmp"
        with open(tmp, "w") as handle:
            handle.write(text + "\n")
        os.replace(tmp, args.report)
    else:
        print(text, flush=True)
    print(summary(report), file=sys.stderr, flush=True)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
