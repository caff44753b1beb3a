#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operations benchmark: restart strategies, an upgrade and a room loss, side by side.

Runs against a deployed 5-server ensemble (scripts/benchmark.sh brings up
molecule/benchmark and calls this; `make benchmark` calls that). For each
data tree (small, then large: 100,000 znodes of 1 KiB, so that every restart
loads a real snapshot), it runs each strategy `--runs` times, round-robin so
that the machine's load drifts over all strategies alike, each under the same
live writer (the collection's workload, kazoo, in this process):

  rolling      zkops.ensemble.rolling_restart (followers first, the leader last,
               re-asked and gated on every server synced before each step)
  unordered    tools/benchmark/restart_unordered.yml: serial, inventory order, the
               leader whenever its turn comes, waiting only for the client port
  all_at_once  tools/benchmark/restart_all_at_once.yml: every server at once, as a
               handler does
  upgrade      zkops.ensemble.upgrade to --upgrade-to, then
  rollback     zkops.ensemble.upgrade back to the deployed version
  room_loss    zkops.ensemble.room_drill of the room that holds the leader

Every server is probed with `srvr` every 0.2 s in its own thread, so each
server's own restart-to-synced time is measured, not guessed; the Ansible
overhead of a serial step is the step's time minus that. Results go to a JSON
file (written after every run, so an interrupted benchmark keeps its runs)
and, through scripts/benchmark_report.py, to docs/benchmarks.md and the plot.

Usage (normally through `make benchmark`):
  benchmark.py --inventory DIR --out docs/benchmarks.json [--runs 3] [--trees small,large]
               [--strategies rolling,unordered,...] [--rate 50] [--converge FILE]
"""

import argparse
import datetime
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
sys.path.insert(0, os.path.join(REPO, "scripts"))
# tools/workload.py puts this checkout's collection on sys.path (the same code as the module zk_workload).
import workload as _workload_cli  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from ansible_collections.zkops.ensemble.plugins.module_utils import _probe as probe  # noqa: E402
from ansible_collections.zkops.ensemble.plugins.module_utils._workload import Workload  # noqa: E402
from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import NodeExistsError  # noqa: E402

import benchmark_report  # noqa: E402  pylint: disable=wrong-import-position

TREE_ROOT = "/zkops-bench/tree"
WORKLOAD_ROOT = "/zkops-bench/writes"
VALUE_BYTES = 1024
TREES = {"small": 1000, "large": 100000}
CLIENT_PORT = 2181
PROBE_INTERVAL = 0.2
SERVING = ("leader", "follower", "observer")

STRATEGIES = [
    {"id": "rolling", "title": "zkops.ensemble rolling restart", "serial": True,
     "description": "serial, followers first and the leader last, the leader re-asked and every server "
                    "synced before each step",
     "args": ["zkops.ensemble.rolling_restart"]},
    {"id": "unordered", "title": "Unordered serial restart", "serial": True,
     "description": "serial in inventory order, the leader whenever its turn comes, each step waits only for "
                    "the client port (what a role with serial: 1 and wait_for does)",
     "args": ["tools/benchmark/restart_unordered.yml"]},
    {"id": "all_at_once", "title": "All at once (a handler)", "serial": False,
     "description": "every server restarted at the same time, as a role's restart handler does",
     "args": ["tools/benchmark/restart_all_at_once.yml"]},
    {"id": "upgrade", "title": "Rolling upgrade {from} -> {to}", "serial": True,
     "description": "zkops.ensemble.upgrade: the new release installed beside the old one, then the same "
                    "rolling restart, leader last",
     "args": ["zkops.ensemble.upgrade", "-e", "zookeeper_version={to}"]},
    {"id": "rollback", "title": "Rollback {to} -> {from}", "serial": True,
     "description": "zkops.ensemble.upgrade back to the release before (kept on the hosts)",
     "args": ["zkops.ensemble.upgrade", "-e", "zookeeper_version={from}"]},
    {"id": "room_loss", "title": "Room loss (the leader's room)", "serial": False,
     "description": "zkops.ensemble.room_drill of the room that holds the leader: its servers stopped, "
                    "the quorum proved without them, then started again (it runs its own 20 writes/s too)",
     "args": ["zkops.ensemble.room_drill", "-e", "zookeeper_drill_room={room}"]},
]


def _now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _log(text):
    print("benchmark %s %s" % (time.strftime("%H:%M:%S"), text), flush=True)


class ServerWatch(object):
    """One thread per server asking `srvr` every PROBE_INTERVAL; records (t, state) transitions.

    state is the server's mode when it serves (leader, follower, observer),
    'not-serving' when it answers but does not serve, 'down' when nothing answers.
    """

    def __init__(self, addresses, origin):
        self.addresses = addresses
        self.origin = origin
        self.transitions = dict((a, []) for a in addresses)
        self.current = dict((a, None) for a in addresses)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._poll, args=(a,), daemon=True) for a in addresses]

    def _state(self, address):
        host, port = probe.split_address(address)
        try:
            status = probe.parse_srvr(probe.four_letter_word(host, port, "srvr", timeout=1.0))
        except probe.ProbeError:
            return "down"
        return status.get("mode") if status.get("serving") else "not-serving"

    def _poll(self, address):
        while not self._stop.is_set():
            began = time.monotonic()
            state = self._state(address)
            if state != self.current[address]:
                self.current[address] = state
                self.transitions[address].append((round(began - self.origin, 3), state))
            self._stop.wait(max(0.0, PROBE_INTERVAL - (time.monotonic() - began)))

    def start(self):
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(5)

    def all_synced(self):
        states = list(self.current.values())
        return all(s in SERVING for s in states) and states.count("leader") == 1

    def leader(self):
        leaders = [a for a, s in self.current.items() if s == "leader"]
        return leaders[0] if len(leaders) == 1 else None


def not_serving(changes):
    """(from, to, saw_down) of every interval of [(t, state), ...] transitions without a serving state."""
    intervals, since, down = [], None, False
    for t, state in changes:
        if state not in SERVING:
            since = t if since is None else since
            down = down or state == "down"
        elif since is not None:
            intervals.append((since, t, down))
            since, down = None, False
    if since is not None:
        intervals.append((since, None, down))
    return intervals


def classify(transitions, restarted, leader_host):
    """Split each host's not-serving intervals into its own restart and elections.

    `restarted` are the hosts whose server process was replaced during the run (their MainPID changed):
    each restarted once, and its restart is its longest interval in which a probe got no answer. Every
    other interval (a host that kept running, or a blip of a restarted host while another server
    restarted: an election after the leader left) is an election. Returns (servers, elections) sorted.
    """
    servers, elections = [], []
    for host, changes in transitions.items():
        intervals = not_serving(changes)
        own = None
        if host in restarted:
            downs = [i for i in intervals if i[2]] or intervals
            if downs:
                own = max(downs, key=lambda i: (i[1] if i[1] is not None else float("inf")) - i[0])
        for interval in intervals:
            since, until, _down = interval
            if interval is own:
                servers.append({"host": host, "was_leader": host == leader_host, "down_at_s": since,
                                "synced_at_s": until,
                                "restart_to_synced_s": round(until - since, 3) if until is not None else None})
            else:
                elections.append({"host": host, "from_s": since, "to_s": until})
    servers.sort(key=lambda s: s["down_at_s"])
    elections.sort(key=lambda e: e["from_s"])
    for order, server in enumerate(servers, 1):
        server["order"] = order
    return servers, elections


def outages(servers):
    """The plot's shaded bands: each restarted server from down to serving again."""
    return [{"host": s["host"], "from_s": s["down_at_s"], "to_s": s["synced_at_s"]} for s in servers]


def most_out_at_once(servers, end):
    """The most servers restarting (down or not yet serving again) at the same moment."""
    events = sorted([(s["down_at_s"], 1) for s in servers] +
                    [(s["synced_at_s"] if s["synced_at_s"] is not None else end, -1) for s in servers],
                    key=lambda e: (e[0], e[1]))
    current = most = 0
    for _t, step in events:
        current += step
        most = max(most, current)
    return most


def analyse(record, transitions, restarted):
    """Fill the record's per-server figures from the probes' transitions (also used by --reanalyse)."""
    servers, elections = classify(transitions, restarted, record["leader_before"])
    serial = [s for s in STRATEGIES if s["id"] == record["strategy"]][0]["serial"]
    wall = record["wall_s"]
    record.update({
        "restarted": sorted(restarted),
        "startup_s": servers[0]["down_at_s"] if servers else None,
        "overhead_per_server_s": serial_steps(servers) if serial else None,
        # After the last server is back: the playbook's closing work (the final checks, the report).
        "closing_s": (round(wall - max(s["synced_at_s"] for s in servers), 3)
                      if servers and all(s["synced_at_s"] is not None for s in servers) else None),
        "most_out_at_once": most_out_at_once(servers, record["settled_s"]),
        "servers": servers,
        # Servers that kept running but stopped serving for a while (an election after the leader left).
        "elections": elections,
    })
    return record


class Bench(object):
    """The deployed ensemble: hosts, their addresses, rooms, and how to run a playbook against it."""

    def __init__(self, inventory, work):
        self.inventory = inventory
        self.work = work
        self.env = self._ansible_env()
        listing = json.loads(self._run(["ansible-inventory", "-i", inventory, "--list"], capture=True))
        self.hosts = sorted(listing.get("zookeeper", {}).get("hosts", []))
        if len(self.hosts) != 5:
            raise SystemExit("benchmark: the inventory %s must have 5 hosts in group zookeeper, has %s"
                             % (inventory, self.hosts))
        hostvars = listing.get("_meta", {}).get("hostvars", {})
        self.rooms = {}
        for host in self.hosts:
            self.rooms.setdefault(hostvars.get(host, {}).get("zookeeper_room", "default"), []).append(host)
        self.version = str(hostvars[self.hosts[0]].get("zookeeper_version", ""))
        self.heap_mb = hostvars[self.hosts[0]].get("zookeeper_heap_size")
        self.address_of = {}
        for host in self.hosts:
            ip = self._run(["docker", "inspect", "-f",
                            "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", host], capture=True).split()
            self.address_of[host] = "%s:%d" % (ip[0], CLIENT_PORT)
        self.host_of = dict((a, h) for h, a in self.address_of.items())
        self.addresses = [self.address_of[h] for h in self.hosts]

    @staticmethod
    def _ansible_env():
        """The environment of every command: this checkout's collection, then the venv's bundled ones."""
        env = dict(os.environ)
        bundled = subprocess.check_output(
            [sys.executable, "-c", "import ansible_collections, os; "
             "print(os.path.dirname(list(ansible_collections.__path__)[0]))"], text=True).strip()
        env["ANSIBLE_COLLECTIONS_PATH"] = "%s:%s" % (
            os.environ.get("ZKOPS_COLLECTIONS_PATH", os.path.join(REPO, ".cache", "collections")), bundled)
        env["PATH"] = "%s:%s" % (os.path.dirname(sys.executable), env.get("PATH", ""))
        env["ANSIBLE_FORCE_COLOR"] = "0"
        env["ANSIBLE_FORKS"] = "10"
        return env

    def _run(self, argv, capture=False, log=None):
        if capture:
            return subprocess.check_output(argv, text=True, env=self.env, cwd=self.work)
        with open(log, "w") as handle:
            return subprocess.call(argv, stdout=handle, stderr=subprocess.STDOUT, env=self.env, cwd=self.work)

    def playbook(self, args, log):
        """ansible-playbook ARGS against the bench; returns (rc, wall seconds)."""
        began = time.monotonic()
        rc = self._run(["ansible-playbook", "-i", self.inventory] + args, log=log)
        return rc, time.monotonic() - began

    def main_pids(self):
        """{host: MainPID of its server unit}: a changed one is a server that really restarted."""
        pids = {}
        for host in self.hosts:
            pids[host] = self._run(["docker", "exec", host, "sh", "-c",
                                    "systemctl show --property MainPID --value 'zookeeper@*.service'"],
                                   capture=True).strip()
        return pids

    def snapshot_bytes(self):
        """{host: size of its newest snapshot} (newest by zxid, the hex suffix: what a restart loads first)."""
        sizes = {}
        for host in self.hosts:
            out = self._run(["docker", "exec", host, "bash", "-c",
                             "for f in /var/lib/zookeeper/data/version-2/snapshot.*; do [ -f \"$f\" ] && "
                             "echo $((16#${f##*.})) $(stat -c %s \"$f\"); done | sort -n | tail -n 1"],
                            capture=True).split()
            sizes[host] = int(out[1]) if len(out) == 2 else None
        return sizes


def _client(addresses):
    client = KazooClient(hosts=",".join(addresses), timeout=10.0)
    client.start(timeout=30)
    return client


def load_tree(addresses, count):
    """Make TREE_ROOT hold `count` znodes n-NNNNNN of VALUE_BYTES each (adds what is missing); returns stats.

    One create per znode (not transactions of many): every create is a transaction of its own, so the
    servers take snapshots as they would in production (every snapCount transactions) and a restarting
    server loads a snapshot of the tree, not only a log to replay.
    """
    client = _client(addresses)
    try:
        client.ensure_path(TREE_ROOT)
        have = set(client.get_children(TREE_ROOT))
        value = b"z" * VALUE_BYTES
        window, pending = 500, []
        for i in range(count):
            name = "n-%06d" % i
            if name in have:
                continue
            pending.append(client.create_async("%s/%s" % (TREE_ROOT, name), value))
            if len(pending) >= window:
                _check_creates(pending)
                pending = []
        _check_creates(pending)
        stat = client.exists(TREE_ROOT)
        return {"znodes": count, "value_bytes": VALUE_BYTES, "znode_count": stat.numChildren}
    finally:
        client.stop()
        client.close()


def _check_creates(pending):
    errors = set()
    for result in pending:
        try:
            result.get(timeout=120)
        except NodeExistsError:
            pass
        except Exception as exc:  # pylint: disable=broad-except
            errors.add(type(exc).__name__)
    if errors:
        raise RuntimeError("loading the data tree failed: %s" % sorted(errors))


def wait_healthy(addresses, timeout=600):
    """Wait until every server serves and one leads; returns the leader's address."""
    watch = ServerWatch(addresses, time.monotonic()).start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if watch.all_synced():
                return watch.leader()
            time.sleep(PROBE_INTERVAL)
        raise RuntimeError("the ensemble is not healthy after %d s: %s" % (timeout, watch.current))
    finally:
        watch.stop()


def strategy_args(strategy, versions, room=None):
    """ansible-playbook's arguments after the inventory: the strategy's args with the versions and the room
    filled in, a repository playbook (tools/...) by its absolute path (the runs' working directory is --work)."""
    entry = [s for s in STRATEGIES if s["id"] == strategy][0]
    args = [a.format(room=room, **versions) for a in entry["args"]]
    return [os.path.join(REPO, a) if a.startswith("tools/") else a for a in args]


def strategy_command(strategy, versions):
    """How the page shows a strategy's command."""
    return " ".join(["ansible-playbook", "-i", "INVENTORY"] + strategy_args(strategy, versions, "ROOM")).replace(
        REPO + os.sep, "")


def serial_steps(servers):
    """Fill step_s/overhead_s of servers (ordered by down_at_s); returns the mean overhead.

    A step runs from this server going down to the next one going down; its overhead is what is left
    after the server's own restart-to-synced time (noticing it synced, asking for the next, starting the
    restart). The last server has no next step: what follows it is the playbook's closing work
    (closing_s), not a step, so the mean is over the others.
    """
    ordered = [s for s in servers if s["down_at_s"] is not None and s["synced_at_s"] is not None]
    for server, following in zip(ordered, ordered[1:]):
        server["step_s"] = round(following["down_at_s"] - server["down_at_s"], 3)
        server["overhead_s"] = round(server["step_s"] - server["restart_to_synced_s"], 3)
    overheads = [s["overhead_s"] for s in ordered[:-1]]
    return round(statistics.mean(overheads), 3) if overheads else None


def one_run(bench, tree, strategy, rep, args):
    """One measured operation under the workload; returns the run's record and its latency series."""
    name = "%s-%s-%d" % (tree, strategy, rep)
    leader = wait_healthy(bench.addresses)
    leader_host = bench.host_of[leader]
    workload = Workload(bench.addresses, path="%s/%s-%s" % (WORKLOAD_ROOT, name, int(time.time())),
                        rate=args.rate, duration=3600, cleanup=True, keep_samples=False, leader_poll=0.5)
    box = {}
    thread = threading.Thread(target=lambda: box.update(report=workload.run()), daemon=True)
    thread.start()
    while not workload.started.is_set() and thread.is_alive():
        time.sleep(0.05)
    if not workload.started.is_set():
        raise RuntimeError("the workload did not start: %s" % box.get("report", {}).get("error"))
    time.sleep(args.lead_in)
    pids_before = bench.main_pids()
    op_start = time.monotonic()
    watch = ServerWatch(bench.addresses, op_start).start()
    room = [r for r, hosts in bench.rooms.items() if leader_host in hosts][0]
    extra = (["-e", "zookeeper_drill_workload_servers=%s" % ",".join(bench.addresses)]
             if strategy == "room_loss" else [])
    rc, wall = bench.playbook(strategy_args(strategy, {"from": bench.version, "to": args.upgrade_to}, room) + extra,
                              os.path.join(bench.work, "%s.log" % name))
    settle_deadline = time.monotonic() + 600
    while not watch.all_synced() and time.monotonic() < settle_deadline:
        time.sleep(PROBE_INTERVAL)
    settled = time.monotonic() - op_start
    time.sleep(args.lead_in)
    workload.request_stop("benchmark run done")
    thread.join(900)
    watch.stop()
    pids_after = bench.main_pids()
    restarted = [h for h in bench.hosts if pids_before.get(h) != pids_after.get(h)]
    report = box.get("report") or {"error": "the workload did not report"}
    origin = workload.origin or op_start
    shift = op_start - origin  # workload times are since its origin; the run's are since op_start
    record = {
        "tree": tree, "strategy": strategy, "rep": rep, "started_at": _now_iso(),
        "ok": rc == 0 and bool(report.get("ok")) and settled < 600,
        "error": None if rc == 0 else "ansible-playbook exited %d (see %s.log)" % (rc, name),
        "leader_before": leader_host,
        "wall_s": round(wall, 3), "settled_s": round(settled, 3),
        "attempted": report.get("attempted"), "acknowledged": report.get("acknowledged"),
        "failed": report.get("failed"), "lost": report.get("lost"), "unexpected": report.get("unexpected"),
        "longest_stall_s": report.get("longest_stall_s"), "latency_ms": report.get("latency_ms"),
        "leader_changes": report.get("leader_changes"),
    }
    transitions = dict((bench.host_of[a], t) for a, t in watch.transitions.items())
    analyse(record, transitions, restarted)
    servers = record["servers"]
    if record["error"] is None and not report.get("ok"):
        record["error"] = "workload: %s" % (report.get("error") or "lost %s" % report.get("lost"))
    series = [[round(t - shift, 3), None if lat is None else round(lat * 1000.0, 2)] for t, lat in workload.samples]

    with open(os.path.join(bench.work, "%s.json" % name), "w") as handle:
        json.dump({"record": record, "workload": report, "series": series, "transitions": transitions,
                   "pids_before": pids_before, "pids_after": pids_after}, handle)
    return record, {"series": series, "outages": outages(servers), "wall_s": record["wall_s"]}


def reanalyse(args):
    """--reanalyse: the per-server figures again from each run's raw transitions (after a fix of analyse)."""
    with open(args.out) as handle:
        results = json.load(handle)
    rooms = results["bench"]["rooms"]
    for record in results["runs"]:
        name = "%s-%s-%d" % (record["tree"], record["strategy"], record["rep"])
        with open(os.path.join(args.reanalyse, "%s.json" % name)) as handle:
            raw = json.load(handle)
        if "pids_before" in raw:
            restarted = [h for h in raw["pids_before"] if raw["pids_before"][h] != raw["pids_after"].get(h)]
        elif record["strategy"] == "room_loss":
            # Recorded before the MainPIDs were: the drill restarts exactly the leader's room.
            restarted = [hosts for hosts in rooms.values() if record["leader_before"] in hosts][0]
        else:
            restarted = list(raw["transitions"])  # every other strategy restarts every server once
        analyse(record, raw["transitions"], restarted)
    for entry in (results.get("plot") or {}).get("runs", []):
        record = [r for r in results["runs"] if r["tree"] == results["plot"]["tree"] and
                  r["strategy"] == entry["strategy"] and r["rep"] == entry["rep"]][0]
        entry["outages"] = outages(record["servers"])
    results["summary"] = benchmark_report.summarize(results)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)
        handle.write("\n")
    benchmark_report.write_outputs(results, args.markdown, args.plot)
    return 0


def _median_stall_rep(runs):
    ranked = sorted(runs, key=lambda r: (r["longest_stall_s"] is None, r["longest_stall_s"] or 0, r["rep"]))
    return ranked[(len(ranked) - 1) // 2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--inventory", required=True, help="the bench's inventory (molecule/benchmark's)")
    parser.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.json"))
    parser.add_argument("--markdown", default=os.path.join(REPO, "docs", "benchmarks.md"))
    parser.add_argument("--plot", default=os.path.join(REPO, "docs", "images", "benchmark-restart-latency.png"))
    parser.add_argument("--work", default=os.path.join(REPO, ".cache", "benchmark"),
                        help="per-run playbook logs and raw workload reports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--trees", default="small,large")
    parser.add_argument("--strategies", default=",".join(s["id"] for s in STRATEGIES))
    parser.add_argument("--rate", type=float, default=50.0, help="workload writes per second")
    parser.add_argument("--lead-in", type=float, default=3.0, help="seconds of writes before and after each run")
    parser.add_argument("--upgrade-to", default="3.9.3")
    parser.add_argument("--converge", default=None, help="JSON of the timed converge and no-op (benchmark.sh)")
    parser.add_argument("--reanalyse", default=None, metavar="DIR",
                        help="recompute the per-server figures of --out's runs from the raw per-run files in DIR "
                             "(the probes' transitions) and render them again")
    parser.add_argument("--converge-only", action="store_true",
                        help="only put --converge into the existing --out results and render them again")
    args = parser.parse_args(argv)
    # kazoo warns on every dropped connection; restarts drop them on purpose.
    logging.getLogger("kazoo").setLevel(logging.ERROR)
    if args.reanalyse:
        return reanalyse(args)
    if args.converge_only:
        with open(args.out) as handle:
            results = json.load(handle)
        with open(args.converge) as handle:
            results["converge"] = json.load(handle)
        with open(args.out, "w") as handle:
            json.dump(results, handle, indent=1)
            handle.write("\n")
        benchmark_report.write_outputs(results, args.markdown, args.plot)
        return 0
    os.makedirs(args.work, exist_ok=True)
    bench = Bench(args.inventory, args.work)
    strategies = args.strategies.split(",")
    if "rollback" in strategies and "upgrade" not in strategies:
        raise SystemExit("benchmark: rollback needs upgrade in --strategies (it rolls the upgrade back)")
    versions = {"from": bench.version, "to": args.upgrade_to}
    meta = dict((s["id"], dict(dict((k, v) for k, v in s.items() if k != "args"), title=s["title"].format(**versions),
                               command=strategy_command(s["id"], versions)))
                for s in STRATEGIES)
    results = {
        "benchmark": "zkops.ensemble operations benchmark", "started_at": _now_iso(), "finished_at": None,
        "commit": subprocess.check_output(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], text=True).strip(),
        "command": "make benchmark",
        "machine": {"cpus": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE") *
                                                               os.sysconf("SC_PHYS_PAGES") / 2 ** 30),
                    "load_average_start": [round(x, 2) for x in os.getloadavg()]},
        "bench": {"servers": len(bench.hosts), "hosts": bench.hosts, "rooms": bench.rooms,
                  "zookeeper_version": bench.version, "upgrade_to": args.upgrade_to, "heap_mb": bench.heap_mb,
                  "workload": {"rate": args.rate, "session_timeout_s": 10.0, "lead_in_s": args.lead_in},
                  "runs_per_strategy": args.runs, "probe_interval_s": PROBE_INTERVAL},
        "converge": None, "trees": [], "strategies": [meta[s] for s in strategies], "runs": [], "plot": None,
    }
    if args.converge and os.path.exists(args.converge):
        with open(args.converge) as handle:
            results["converge"] = json.load(handle)
    plot_candidates = {}

    def _save():
        results["summary"] = benchmark_report.summarize(results)
        with open(args.out + ".tmp", "w") as handle:
            json.dump(results, handle, indent=1, sort_keys=False)
            handle.write("\n")
        os.replace(args.out + ".tmp", args.out)

    for tree in args.trees.split(","):
        _log("data tree %s: %d znodes of %d bytes" % (tree, TREES[tree], VALUE_BYTES))
        wait_healthy(bench.addresses)
        began = time.monotonic()
        info = load_tree(bench.addresses, TREES[tree])
        info.update({"name": tree, "load_s": round(time.monotonic() - began, 1)})
        results["trees"].append(info)
        for rep in range(1, args.runs + 1):
            for strategy in strategies:
                _log("%s tree, %s, run %d of %d" % (tree, strategy, rep, args.runs))
                record, series = one_run(bench, tree, strategy, rep, args)
                plot_candidates[(tree, strategy, rep)] = series
                results["runs"].append(record)
                _log("  wall %.1f s, settled %.1f s, stall %s s, latency %s, leader changes %s, lost %s, "
                     "overhead/server %s s%s" % (record["wall_s"], record["settled_s"], record["longest_stall_s"],
                                                 record["latency_ms"], record["leader_changes"], record["lost"],
                                                 record["overhead_per_server_s"],
                                                 "" if record["ok"] else ", NOT OK: %s" % record["error"]))
                _save()
        # The snapshots a restarting server loads first, when this tree's runs ended.
        info["snapshot_bytes_by_host"] = bench.snapshot_bytes()
    plot_tree = args.trees.split(",")[-1]
    restarts = [s for s in ("rolling", "unordered", "all_at_once") if s in strategies]
    results["plot"] = {"tree": plot_tree, "rule": "per strategy the run with the median longest stall", "runs": []}
    for strategy in restarts:
        runs = [r for r in results["runs"] if r["tree"] == plot_tree and r["strategy"] == strategy]
        chosen = _median_stall_rep(runs)
        results["plot"]["runs"].append(dict(plot_candidates[(plot_tree, strategy, chosen["rep"])],
                                            strategy=strategy, rep=chosen["rep"]))
    results["finished_at"] = _now_iso()
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    _save()
    benchmark_report.write_outputs(results, args.markdown, args.plot)
    bad = [r for r in results["runs"] if not r["ok"]]
    _log("done: %d runs, %d not ok; %s, %s, %s" % (len(results["runs"]), len(bad), args.out, args.markdown,
                                                   args.plot))
    return 1 if any(r["lost"] for r in results["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main())
