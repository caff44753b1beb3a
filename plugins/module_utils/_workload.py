# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The workload: what an operation on a ZooKeeper ensemble does to its clients.

Writes sequential znodes (``<path>/w-NNNNNNNNNN``) at a steady rate through one
kazoo client until stopped (``request_stop``, a stop file appearing, the
duration or the write budget reached), then reconnects with a NEW session,
syncs, reads every znode back and reports how many writes were attempted,
acknowledged, failed and lost, the longest stall between two acknowledged
writes, and how often the leader changed (a background thread asks every
server ``srvr``). docs/workload.md gives the meaning of every report field.
Used by the module zkops.ensemble.zk_workload (the room drill) and the
command-line tools/workload.py (test scenarios, benchmarks).

Kazoo settings, and why:

* ``timeout=10`` (session timeout): the session outlives a server restart
  or a leader election (seconds), so the writer keeps its session and simply
  reconnects to another server; the servers clamp it to [2, 20] x tickTime.
* ``connection_retry``: unbounded tries (``max_tries=-1``), 0.1 s first delay,
  at most 1 s between tries, so the client reconnects as soon as any server
  serves again, for as long as the run lasts (``client.stop()`` ends it).
* ``command_retry`` is never used for the measured creates: each create is
  sent exactly once (``create_async``), because a sequential create retried
  after a ConnectionLoss whose request did reach the leader creates a second
  znode. The report counts what the client saw: a create that raised is
  ``failed`` (by exception type), and if it was applied anyway it shows up as
  ``unexpected``, never as an acknowledged write. A create issued while the
  client is disconnected waits in kazoo's queue until it reconnects (that wait
  is the stall an application would see); a connection drop fails it with
  ConnectionLoss.
* Reads for verification and the preload/cleanup transactions are idempotent
  or checked, so they do use a bounded retry (``verify_timeout``).

Security (optional, for an ensemble with ``secureClientPort`` and enforced
SASL): ``tls_ca_file`` turns TLS on (``use_ssl``, the servers' certificates
and host names checked against that CA; the servers are then the TLS
addresses), ``tls_cert_file``/``tls_key_file`` is the client certificate (kazoo
loads a certificate only together with a key file, so a single PEM holding
both is passed as both). ``sasl_user``/``sasl_password`` authenticate every
session with SASL DIGEST-MD5 (kazoo needs the package pure-sasl);
``acl_user_only`` creates the run's znodes with the ACL ``sasl:<user>`` (all
permissions, nobody else). The password is never part of the report, a
message or a log line. The leader watch asks ``srvr`` over TLS with the same
CA and certificate.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import logging
import os
import threading
import time
import traceback
import uuid

from ansible_collections.zkops.ensemble.plugins.module_utils import _probe as probe
from ansible_collections.zkops.ensemble.plugins.module_utils import _tls as tls

try:
    from kazoo.client import KazooClient
    from kazoo.exceptions import KazooException, NodeExistsError, NoNodeError
    from kazoo.retry import KazooRetry
    from kazoo.security import make_acl
except ImportError:
    KAZOO_IMPORT_ERROR = traceback.format_exc()
    KazooClient = KazooRetry = make_acl = None

    class KazooException(Exception):
        """Stands in for kazoo's base exception when kazoo is missing (nothing raises it)."""

    class NoNodeError(KazooException):
        """Stands in for kazoo's NoNodeError when kazoo is missing (nothing raises it)."""

    class NodeExistsError(KazooException):
        """Stands in for kazoo's NodeExistsError when kazoo is missing (nothing raises it)."""
else:
    KAZOO_IMPORT_ERROR = None

try:
    import puresasl  # noqa: F401  pylint: disable=unused-import
except ImportError:
    PURESASL_IMPORT_ERROR = traceback.format_exc()
else:
    PURESASL_IMPORT_ERROR = None

LOG = logging.getLogger("zkops.workload")

DEFAULT_ROOT = "/zkops-workload"
DEFAULT_RATE = 20.0
MAX_RATE = 1000.0
DEFAULT_DURATION = 600.0
MAX_DURATION = 6 * 3600.0
# One get_children answer must stay under jute.maxbuffer (1 MiB): ~16 bytes a name.
MAX_WRITES = 50000
MAX_PRELOAD = 50000
PRELOAD_BATCH = 500
DEFAULT_LEADER_POLL = 0.5
DEFAULT_SESSION_TIMEOUT = 10.0
DEFAULT_VERIFY_TIMEOUT = 60.0
LIST_LIMIT = 20
LEADER_MODES = ("leader", "standalone")


class WorkloadError(Exception):
    """The workload could not run (bad arguments, no connection, path in use)."""


class Security(object):
    """How the workload's clients connect: TLS files, SASL DIGEST-MD5 credentials, the ACL of its znodes.

    ``names`` maps the option names shown in messages (module options by default; the command line
    passes its flags).
    """

    def __init__(self, tls_ca_file=None, tls_cert_file=None, tls_key_file=None, sasl_user=None, sasl_password=None,
                 acl_user_only=False, names=None):
        self.names = dict({"ca": "tls_ca_file", "cert": "tls_cert_file", "key": "tls_key_file",
                           "user": "sasl_user", "password": "sasl_password", "acl": "acl_user_only"}, **(names or {}))
        self.ca_file, self.cert_file, self.key_file = tls_ca_file or None, tls_cert_file or None, tls_key_file or None
        self.sasl_user, self._password = sasl_user or None, sasl_password
        self.acl_user_only = bool(acl_user_only)
        self.ssl_context = None
        problems = []
        if self.ca_file or self.cert_file or self.key_file:
            try:
                self.ssl_context = tls.client_context(self.ca_file, self.cert_file, self.key_file, names=self.names,
                                                      needed_by="TLS (%s or %s)" % (self.names["cert"],
                                                                                    self.names["key"]))
            except tls.TlsConfigError as exc:
                problems.append(str(exc))
        if self.sasl_user and not self._password:
            problems.append("%s is set but %s is empty; give the password of %s (the JAAS Server section's "
                            "user_%s)" % (self.names["user"], self.names["password"], self.sasl_user, self.sasl_user))
        if self._password and not self.sasl_user:
            problems.append("%s is set but %s is not; name the SASL user" % (self.names["password"],
                                                                             self.names["user"]))
        if self.acl_user_only and not self.sasl_user:
            problems.append("%s needs %s: the ACL names the authenticated SASL user"
                            % (self.names["acl"], self.names["user"]))
        if self.sasl_user and PURESASL_IMPORT_ERROR:
            problems.append("%s needs the Python package pure-sasl (kazoo's SASL DIGEST-MD5) on the host that runs "
                            "the workload: pip install pure-sasl" % self.names["user"])
        if problems:
            raise WorkloadError("; ".join(problems))

    @property
    def tls(self):
        return self.ssl_context is not None

    def kazoo_options(self):
        """Keyword arguments of KazooClient (never logged: they hold the password)."""
        options = {}
        if self.tls:
            # kazoo loads a client certificate only with a key file: a PEM holding both is passed as both.
            options.update(use_ssl=True, verify_certs=True, check_hostname=True, ca=self.ca_file,
                           certfile=self.cert_file, keyfile=self.key_file or self.cert_file)
        if self.sasl_user:
            options["sasl_options"] = {"mechanism": "DIGEST-MD5", "username": self.sasl_user,
                                       "password": self._password}
        return options

    def acl(self):
        """The ACL of the run's znodes: sasl:<user> with every permission, or None (the server's default)."""
        if not self.acl_user_only:
            return None
        return [make_acl("sasl", self.sasl_user, all=True)]

    def describe(self):
        """What the report shows (no secret)."""
        return {"tls": self.tls, "client_certificate": bool(self.cert_file), "sasl_user": self.sasl_user,
                "acl": ("sasl:%s" % self.sasl_user) if self.acl_user_only else "default"}

    def __repr__(self):
        return "Security(%r)" % (self.describe(),)


def _now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_run_id():
    """A run id that sorts by time: 20260101T120000Z-1a2b3c."""
    return "%s-%s" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ"), uuid.uuid4().hex[:6])


def split_servers(servers):
    """A list of 'host:port' from 'h1:2181,h2:2181' or a list; each checked by probe.split_address."""
    items = servers.split(",") if isinstance(servers, str) else list(servers or [])
    items = [s.strip() for s in items if s and s.strip()]
    if not items:
        raise WorkloadError("servers is empty: give the client addresses, e.g. zk1:2181,zk2:2181,zk3:2181")
    for item in items:
        try:
            probe.split_address(item)
        except probe.ProbeError as exc:
            raise WorkloadError("servers: %s" % exc) from exc
    return items


def _value(run_id, attempt):
    return json.dumps({"run": run_id, "attempt": attempt}, sort_keys=True).encode("utf-8")


def _attempt_of(data):
    try:
        return int(json.loads(data.decode("utf-8"))["attempt"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def latency_stats(latencies):
    """{p50, p99, max, count} in milliseconds of acknowledged writes' latencies (seconds), nearest-rank."""
    if not latencies:
        return {"p50": None, "p99": None, "max": None, "count": 0}
    ordered = sorted(latencies)

    def _rank(percent):
        # Nearest rank, in integers (no float rounding): the ceil(percent * n / 100)-th smallest value.
        return round(ordered[max(0, -(-percent * len(ordered) // 100) - 1)] * 1000.0, 3)

    return {"p50": _rank(50), "p99": _rank(99), "max": round(ordered[-1] * 1000.0, 3), "count": len(ordered)}


def longest_stall(start, acks, stop):
    """(seconds, from, to) of the longest gap in [start, ack..., stop] (monotonic times, sorted acks)."""
    points = [start] + list(acks) + [stop]
    best = (0.0, start, start)
    for before, after in zip(points, points[1:]):
        if after - before > best[0]:
            best = (after - before, before, after)
    return best


class LeaderWatch(threading.Thread):
    """Polls every server with ``srvr`` and records the leader seen over time."""

    def __init__(self, servers, interval, origin, timeout=1.0, ssl_context=None):
        super().__init__(name="leader-watch", daemon=True)
        self.servers = list(servers)
        self.ssl_context = ssl_context  # the servers are TLS addresses: srvr over TLS
        self.interval = float(interval)
        self.origin = origin  # monotonic time that timeline offsets are relative to
        self.timeout = min(float(timeout), max(0.2, self.interval * 2))
        self.stopping = threading.Event()
        self.timeline = []
        self.polls = 0
        self.poll_errors = 0
        self.last_errors = {}
        self._last = ()
        self._lock = threading.Lock()

    def poll_once(self):
        """One round over all servers; records a timeline entry when the leader (or its epoch) changed."""
        leaders = []
        for address in self.servers:
            try:
                host, port = probe.split_address(address)
                srvr = probe.parse_srvr(probe.four_letter_word(host, port, "srvr", self.timeout, self.ssl_context))
            except probe.ProbeError as exc:
                self.poll_errors += 1
                self.last_errors[address] = str(exc)
                continue
            self.last_errors.pop(address, None)
            if srvr.get("mode") in LEADER_MODES:
                zxid = srvr.get("zxid")
                leaders.append((address, (zxid >> 32) if isinstance(zxid, int) else None))
        self.polls += 1
        key = tuple(sorted(leaders))
        with self._lock:
            if not self.timeline or key != self._last:
                self._last = key
                entry = {"t": round(time.monotonic() - self.origin, 3), "at": _now_iso(),
                         "leader": leaders[0][0] if len(leaders) == 1 else None,
                         "epoch": leaders[0][1] if len(leaders) == 1 else None}
                if len(leaders) > 1:
                    entry["leaders"] = [address for address, _epoch in sorted(leaders)]
                self.timeline.append(entry)

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                self.poll_once()
            except Exception as exc:  # pylint: disable=broad-except
                LOG.warning("leader poll failed: %s", exc)
            self.stopping.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self):
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=self.timeout * len(self.servers) + 2)

    def summary(self, end):
        """leader_changes, leaderless_s and the timeline up to ``end`` (an offset in seconds)."""
        with self._lock:
            timeline = [dict(e) for e in self.timeline]
        changes = 0
        known = None
        leaderless = 0.0
        for index, entry in enumerate(timeline):
            if entry["leader"] is not None:
                if known is not None and entry["leader"] != known:
                    changes += 1
                known = entry["leader"]
            else:
                until = timeline[index + 1]["t"] if index + 1 < len(timeline) else end
                leaderless += max(0.0, until - max(entry["t"], 0.0))
        return {"leader_changes": changes, "leaderless_s": round(leaderless, 3), "leaders": timeline,
                "leader_polls": self.polls, "leader_poll_errors": self.poll_errors,
                "leader_poll_last_errors": dict(self.last_errors)}


def _client(servers, session_timeout, unbounded, security=None):
    """A KazooClient; ``unbounded`` reconnects forever (the writer), else reads retry for a while."""
    if unbounded:
        conn_retry = KazooRetry(max_tries=-1, delay=0.1, backoff=1.5, max_delay=1.0, max_jitter=0.2)
    else:
        conn_retry = KazooRetry(max_tries=-1, delay=0.1, backoff=1.5, max_delay=2.0, max_jitter=0.2)
    options = security.kazoo_options() if security is not None else {}
    return KazooClient(hosts=",".join(servers), timeout=session_timeout, connection_retry=conn_retry,
                       command_retry=KazooRetry(max_tries=1),  # one try: creates are never retried
                       **options)


def _start(client, servers, timeout):
    try:
        client.start(timeout=timeout)
    except KazooException as exc:
        client.stop()
        client.close()
        raise WorkloadError("cannot connect to any of %s within %ss (%s): is the ensemble serving?"
                            % (",".join(servers), timeout, type(exc).__name__)) from exc
    except Exception as exc:  # kazoo raises the handler's timeout exception, not a KazooException
        client.stop()
        client.close()
        raise WorkloadError("cannot connect to any of %s within %ss (%s: %s): is the ensemble serving?"
                            % (",".join(servers), timeout, type(exc).__name__, exc)) from exc


def _close(client):
    try:
        client.stop()
    finally:
        client.close()


def _verify_retry(timeout):
    return KazooRetry(max_tries=-1, delay=0.2, backoff=1.5, max_delay=2.0, deadline=timeout, ignore_expire=True)


def _get_many(client, paths, batch=1000):
    """{path: bytes or None (missing)} read with get_async in batches."""
    found = {}
    paths = list(paths)
    for index in range(0, len(paths), batch):
        chunk = paths[index:index + batch]
        pending = [(path, client.get_async(path)) for path in chunk]
        for path, result in pending:
            try:
                found[path] = result.get(timeout=30)[0]
            except NoNodeError:
                found[path] = None
    return found


def _ensure_run_path(client, path, acl):
    """Create ``path`` (with ``acl``) and its missing parents (with the server's default ACL)."""
    if acl is None:
        client.ensure_path(path)
        return
    parent = path.rsplit("/", 1)[0]
    if parent:
        client.ensure_path(parent)
    try:
        client.create(path, b"", acl=acl)
    except NodeExistsError:
        pass


def preload(client, path, count, run_id, timeout, acl=None):
    """Create ``count`` znodes <path>/preload/p-NNNNNN in transactions of PRELOAD_BATCH; returns how many exist."""
    parent = path + "/preload"
    retry = _verify_retry(timeout)
    retry(_ensure_run_path, client, parent, acl)
    written = 0
    for first in range(0, count, PRELOAD_BATCH):
        names = ["%s/p-%06d" % (parent, i) for i in range(first, min(count, first + PRELOAD_BATCH))]

        def _batch(names=names, first=first):
            # Idempotent: after a ConnectionLoss the batch may or may not have been applied.
            missing = [n for n, data in _get_many(client, names).items() if data is None]
            if not missing:
                return 0
            txn = client.transaction()
            for name in missing:
                txn.create(name, _value(run_id, -1 - int(name.rsplit("-", 1)[1])), acl=acl)
            results = txn.commit()
            errors = [r for r in results if isinstance(r, Exception)]
            if errors:
                raise WorkloadError("preload batch from %d failed: %s" % (first, ", ".join(
                    sorted(set(type(e).__name__ for e in errors)))))
            return len(missing)

        retry(_batch)
        written += len(names)
    return written


def verify_preload(client, path, count, run_id):
    """How many of the ``count`` preloaded znodes are present with their value."""
    names = ["%s/preload/p-%06d" % (path, i) for i in range(count)]
    found = _get_many(client, names)
    return sum(1 for i, name in enumerate(names) if found.get(name) == _value(run_id, -1 - i))


def delete_tree(client, path, batch=PRELOAD_BATCH):
    """Delete ``path`` and everything under it; leaves go in transactions of ``batch``."""
    try:
        children = client.get_children(path)
    except NoNodeError:
        return
    stats = [(child, client.exists_async("%s/%s" % (path, child))) for child in children]
    leaves = []
    for child, result in stats:
        stat = result.get(timeout=30)
        full = "%s/%s" % (path, child)
        if stat is not None and stat.numChildren:
            delete_tree(client, full, batch)
        elif stat is not None:
            leaves.append(full)
    for index in range(0, len(leaves), batch):
        txn = client.transaction()
        for leaf in leaves[index:index + batch]:
            txn.delete(leaf)
        results = txn.commit()
        if any(isinstance(r, Exception) for r in results):  # a leaf went away meanwhile: one by one
            for leaf in leaves[index:index + batch]:
                try:
                    client.delete(leaf)
                except NoNodeError:
                    pass
    try:
        client.delete(path)
    except NoNodeError:
        pass


class Workload(object):
    """One run: preload, write at ``rate`` until stopped, verify, report."""

    def __init__(self, servers, path=None, rate=DEFAULT_RATE, duration=DEFAULT_DURATION, stop_file=None,
                 max_writes=MAX_WRITES, preload=0, cleanup=False, leader_poll=DEFAULT_LEADER_POLL,
                 session_timeout=DEFAULT_SESSION_TIMEOUT, verify_timeout=DEFAULT_VERIFY_TIMEOUT, stop_event=None,
                 security=None, keep_samples=False):
        self.servers = split_servers(servers)
        if security is not None and not isinstance(security, Security):
            raise WorkloadError("security must be a Security, got %r" % (type(security).__name__,))
        self.security = security
        self.run_id = new_run_id()
        self.path = (path or "%s/%s" % (DEFAULT_ROOT, self.run_id)).rstrip("/")
        if not self.path.startswith("/") or self.path == "" or "//" in self.path:
            raise WorkloadError("path %r must be an absolute znode path below /, e.g. /zkops-workload/run1" % path)
        self.rate = float(rate)
        if not 0 < self.rate <= MAX_RATE:
            raise WorkloadError("rate must be above 0 and at most %g writes/s, got %r" % (MAX_RATE, rate))
        self.duration = float(duration if duration is not None else DEFAULT_DURATION)
        if not 0 < self.duration <= MAX_DURATION:
            raise WorkloadError("duration must be above 0 and at most %g s, got %r" % (MAX_DURATION, duration))
        self.max_writes = int(max_writes)
        if not 0 < self.max_writes <= MAX_WRITES:
            raise WorkloadError("max_writes must be from 1 to %d, got %r" % (MAX_WRITES, max_writes))
        self.preload_count = int(preload or 0)
        if not 0 <= self.preload_count <= MAX_PRELOAD:
            raise WorkloadError("preload must be from 0 to %d, got %r" % (MAX_PRELOAD, preload))
        self.stop_file = stop_file
        if stop_file and os.path.exists(stop_file):
            raise WorkloadError("stop_file %s already exists: remove it or name a new one, or the run would "
                                "stop at once" % stop_file)
        self.cleanup = bool(cleanup)
        self.leader_poll = float(leader_poll)
        if self.leader_poll < 0:
            raise WorkloadError("leader_poll must be 0 (off) or a positive number of seconds, got %r" % leader_poll)
        self.session_timeout = float(session_timeout)
        self.verify_timeout = float(verify_timeout)
        self.stop_event = stop_event or threading.Event()
        self.stop_reason = None
        self.connection_events = []
        self._origin = None
        self._acl = security.acl() if security is not None else None
        # Every attempt as (issued at, seconds since the write phase began; latency in seconds, None when
        # it failed or stayed unanswered): the benchmark's latency-over-time plot. Kept in memory only;
        # the report gets them only with keep_samples (thousands of entries).
        self.samples = []
        self.keep_samples = bool(keep_samples)
        self.started = threading.Event()

    @property
    def origin(self):
        """time.monotonic() when the write phase began (None before): the zero of every report time."""
        return self._origin

    # ------------------------------------------------------------------ writing

    def _should_stop(self, now, attempted):
        if self.stop_event.is_set():
            return self.stop_reason or "stopped"
        if self.stop_file and os.path.exists(self.stop_file):
            return "stop-file"
        if now - self._origin >= self.duration:
            return "duration"
        if attempted >= self.max_writes:
            return "max-writes"
        return None

    def request_stop(self, reason="stopped"):
        """Stop the write loop (thread- and signal-safe)."""
        if self.stop_reason is None:
            self.stop_reason = reason
        self.stop_event.set()

    def _on_state(self, state):
        self.connection_events.append({"t": round(time.monotonic() - (self._origin or time.monotonic()), 3),
                                       "at": _now_iso(), "state": str(state)})
        return False

    def _write_loop(self, client):
        """Attempt one create per 1/rate seconds; returns the per-attempt outcomes and ack times."""
        interval = 1.0 / self.rate
        outcomes = {}  # attempt -> ("ack", path) | ("failed", exception type) | ("unresolved", None)
        acks = []
        failed_by_type = {}
        attempt = 0
        due = self._origin
        while True:
            now = time.monotonic()
            reason = self._should_stop(now, attempt)
            if reason:
                self.stop_reason = self.stop_reason or reason
                break
            if now < due:
                self.stop_event.wait(min(due - now, 0.1))
                continue
            attempt += 1
            issued = time.monotonic()
            result = client.create_async(self.path + "/w-", _value(self.run_id, attempt), acl=self._acl, sequence=True)
            grace_end = None
            while not result.ready():
                result.wait(0.1)
                if result.ready():
                    break
                if grace_end is None and (self.stop_event.is_set() or
                                          time.monotonic() - self._origin >= self.duration or
                                          (self.stop_file and os.path.exists(self.stop_file))):
                    grace_end = time.monotonic() + self.session_timeout
                if grace_end is not None and time.monotonic() >= grace_end:
                    break
            if not result.ready():
                outcomes[attempt] = ("unresolved", None)
                self.samples.append((issued - self._origin, None))
            elif result.successful():
                acks.append(time.monotonic())
                outcomes[attempt] = ("ack", result.value)
                self.samples.append((issued - self._origin, acks[-1] - issued))
            else:
                self.samples.append((issued - self._origin, None))
                kind = type(result.exception).__name__
                failed_by_type[kind] = failed_by_type.get(kind, 0) + 1
                outcomes[attempt] = ("failed", kind)
            # Steady schedule, no catch-up burst after a stall.
            due = max(due + interval, time.monotonic())
        return outcomes, acks, failed_by_type, time.monotonic()

    # ------------------------------------------------------------------ verification

    def _verify(self, client, outcomes):
        acked = dict((path, attempt) for attempt, (kind, path) in outcomes.items() if kind == "ack")
        client.sync(self.path)
        children = ["%s/%s" % (self.path, c) for c in client.get_children(self.path) if c.startswith("w-")]
        found = _get_many(client, set(children) | set(acked))
        lost = []
        mismatched = 0
        for path, attempt in sorted(acked.items(), key=lambda item: item[1]):
            data = found.get(path)
            if data is None:
                lost.append({"path": path, "attempt": attempt, "reason": "missing"})
            elif data != _value(self.run_id, attempt):
                mismatched += 1
                lost.append({"path": path, "attempt": attempt, "reason": "value differs: %r" % data[:80]})
        unexpected = []
        for path in sorted(set(children) - set(acked)):
            attempt = _attempt_of(found.get(path) or b"")
            kind, detail = outcomes.get(attempt, ("unknown", None))
            if kind == "ack":
                outcome = "duplicate of the acknowledged %s" % detail
            elif kind == "failed":
                outcome = "create raised %s (the ack was lost)" % detail
            elif kind == "unresolved":
                outcome = "create unanswered when the run stopped"
            else:
                outcome = "not written by this run"
            unexpected.append({"path": path, "attempt": attempt, "outcome": outcome})
        return {"present": len(children), "lost": len(lost), "lost_writes": lost[:LIST_LIMIT],
                "value_mismatch": mismatched, "unexpected": len(unexpected),
                "unexpected_writes": unexpected[:LIST_LIMIT]}

    # ------------------------------------------------------------------ the run

    def run(self):
        """Run and return the report (a dict); never raises for the ensemble's faults (see report['error'])."""
        report = {"tool": "zkops.ensemble workload", "run_id": self.run_id, "path": self.path,
                  "servers": self.servers, "rate": self.rate, "duration_limit_s": self.duration,
                  "max_writes": self.max_writes, "session_timeout_s": self.session_timeout,
                  "leader_poll_s": self.leader_poll, "started_at": _now_iso(), "stopped_at": None,
                  "stop_reason": None, "duration_s": 0.0, "attempted": 0, "acknowledged": 0, "failed": 0,
                  "failed_by_type": {}, "unresolved": 0, "present": None, "lost": None, "lost_writes": [],
                  "value_mismatch": None, "unexpected": None, "unexpected_writes": [], "longest_stall_s": None,
                  "longest_stall_window": None, "leader_changes": None, "leaderless_s": None, "leaders": [],
                  "leader_polls": 0, "leader_poll_errors": 0, "leader_poll_last_errors": {},
                  "connection_events": self.connection_events, "preload_requested": self.preload_count,
                  "preload_written": 0, "preload_present": None, "preload_s": None, "verified": False,
                  "verify_s": None, "cleanup": self.cleanup, "cleaned": False, "error": None, "ok": False,
                  "security": (self.security.describe() if self.security is not None else
                               {"tls": False, "client_certificate": False, "sasl_user": None, "acl": "default"})}
        watch = None
        writer = None
        try:
            writer = _client(self.servers, self.session_timeout, unbounded=True, security=self.security)
            _start(writer, self.servers, timeout=max(15.0, self.session_timeout))
            retry = _verify_retry(self.verify_timeout)
            if retry(writer.exists, self.path) is not None and retry(writer.get_children, self.path):
                raise WorkloadError("%s already has znodes: name a new path (or delete it) so the counts are "
                                    "this run's alone" % self.path)
            retry(_ensure_run_path, writer, self.path, self._acl)
            if self.preload_count:
                began = time.monotonic()
                report["preload_written"] = preload(writer, self.path, self.preload_count, self.run_id,
                                                    self.verify_timeout, self._acl)
                report["preload_s"] = round(time.monotonic() - began, 3)
            self._origin = time.monotonic()
            writer.add_listener(self._on_state)
            if self.leader_poll > 0:
                watch = LeaderWatch(self.servers, self.leader_poll, self._origin,
                                    ssl_context=self.security.ssl_context if self.security is not None else None)
                watch.poll_once()
                watch.start()
            report["started_at"] = _now_iso()
            self.started.set()
            outcomes, acks, failed_by_type, stopped = self._write_loop(writer)
            report["stopped_at"] = _now_iso()
            report["stop_reason"] = self.stop_reason
            report["duration_s"] = round(stopped - self._origin, 3)
            if watch is not None:
                watch.stop()
                report.update(watch.summary(stopped - self._origin))
            report["attempted"] = len(outcomes)
            report["acknowledged"] = len(acks)
            report["failed"] = sum(failed_by_type.values())
            report["failed_by_type"] = failed_by_type
            report["unresolved"] = sum(1 for kind, _detail in outcomes.values() if kind == "unresolved")
            report["latency_ms"] = latency_stats([lat for _issued, lat in self.samples if lat is not None])
            if self.keep_samples:
                report["samples"] = [[round(issued, 3), None if lat is None else round(lat * 1000.0, 3)]
                                     for issued, lat in self.samples]
            stall, since, until = longest_stall(self._origin, acks, stopped)
            report["longest_stall_s"] = round(stall, 3)
            report["longest_stall_window"] = {"from_s": round(since - self._origin, 3),
                                              "to_s": round(until - self._origin, 3)}
            writer.remove_listener(self._on_state)
            _close(writer)
            writer = None

            # A new session: what a fresh client sees after the operation.
            began = time.monotonic()
            reader = _client(self.servers, self.session_timeout, unbounded=False, security=self.security)
            _start(reader, self.servers, timeout=self.verify_timeout)
            try:
                retry = _verify_retry(self.verify_timeout)
                report.update(retry(self._verify, reader, outcomes))
                if self.preload_count:
                    report["preload_present"] = retry(verify_preload, reader, self.path, self.preload_count,
                                                      self.run_id)
                report["verified"] = True
                report["verify_s"] = round(time.monotonic() - began, 3)
                if self.cleanup:
                    retry(delete_tree, reader, self.path)
                    report["cleaned"] = reader.exists(self.path) is None
            finally:
                _close(reader)
        except WorkloadError as exc:
            report["error"] = str(exc)
        except Exception as exc:  # pylint: disable=broad-except
            report["error"] = "%s: %s" % (type(exc).__name__, exc)
        finally:
            if watch is not None:
                watch.stop()
            if writer is not None:
                _close(writer)
        report["ok"] = bool(report["verified"] and report["error"] is None and report["lost"] == 0 and
                            (not self.preload_count or report["preload_present"] == self.preload_count))
        return report


def summary(report):
    """The one-line human summary."""
    if report.get("error") and not report.get("verified"):
        return "workload %s: FAILED: %s" % (report.get("path"), report["error"])
    text = ("workload %s: %d attempted, %d acknowledged, %d failed%s, %s lost, %s unexpected, longest stall %.2f s, "
            "%s leader change(s) in %.1f s"
            % (report["path"], report["attempted"], report["acknowledged"], report["failed"],
               (" (%s)" % ", ".join("%s %d" % kv for kv in sorted(report["failed_by_type"].items())))
               if report["failed_by_type"] else "", report["lost"], report["unexpected"],
               report["longest_stall_s"] or 0.0, report["leader_changes"], report["duration_s"]))
    if report.get("preload_requested"):
        text += ", preload %s/%s present" % (report["preload_present"], report["preload_requested"])
    return text + (": OK" if report["ok"] else ": NOT OK")
