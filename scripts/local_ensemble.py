#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start and stop a real ZooKeeper ensemble of N servers on 127.0.0.1.

Each server gets its own client, quorum, election and AdminServer port, its own
data directory with a myid file, and a zoo.cfg rendered by the collection's one
renderer (plugins/module_utils/_zoocfg.py). Servers run detached as
``java -cp <classpath> org.apache.zookeeper.server.quorum.QuorumPeerMain zoo.cfg``
with a pid file and a log file each, and bind to 127.0.0.1 only.

Layout of --dir D:
  D/ensemble.json          what was started (ports, classpath, whitelist)
  D/zk<N>/zoo.cfg          server N's configuration
  D/zk<N>/data/myid        server N's id
  D/zk<N>/zookeeper.log    its stdout/stderr (the console logger)
  D/zk<N>/zookeeper.pid    its pid; stop/kill act only on pids from these files

Classpath: by default Debian's zookeeper package (/usr/share/java/zookeeper.jar,
whose manifest lists its dependencies, and /etc/zookeeper/conf for
log4j.properties) plus Debian's slf4j-log4j12/log4j-1.2 jars (logging) and
servlet-api (the AdminServer needs javax.servlet) when present. With --zk-home
DIR, an Apache layout: DIR/lib/*.jar, DIR/*.jar and DIR/conf.

Usage:
  local_ensemble.py start --dir D --servers 3 [--base-port P] [--whitelist srvr,mntr,ruok] [--zk-home H] [--wait]
  local_ensemble.py stop --dir D [--id N]
  local_ensemble.py start-one --dir D --id N [--wait]
  local_ensemble.py status --dir D
"""

from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
DEBIAN_JAR = "/usr/share/java/zookeeper.jar"
DEBIAN_CONF = "/etc/zookeeper/conf"
DEBIAN_EXTRA_JARS = ("/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar",
                     "/usr/share/java/servlet-api.jar",
                     # The Netty jars the manifest does not list but NettyServerCnxnFactory (the TLS client
                     # port, secureClientPort) needs: SslHandler is in netty-codec.
                     "/usr/share/java/netty-codec.jar", "/usr/share/java/netty-resolver.jar",
                     "/usr/share/java/netty-transport-native-unix-common.jar")
DEFAULT_WHITELIST = ("srvr", "mntr", "ruok")
STATE_FILE = "ensemble.json"
HOST = "127.0.0.1"
# Ports of server i: base + 10*(i-1) + offset. Bases stay below Linux's ephemeral range (32768+).
PORT_OFFSETS = {"client_port": 0, "quorum_port": 1, "election_port": 2, "admin_port": 3}
SECURE_PORT_OFFSET = 4  # secure_client_port, only with secure=True (the block layout)
PORT_STRIDE = 10
# The source document's pseudo-cluster (`--layout source`, at most 3 servers):
# client ports 2181-2183, quorum:election 2222:2223, 3333:3334, 4444:4445, and
# AdminServers on 8081-8083 (loopback only, like everything here).
SOURCE_LAYOUT = {1: (2181, 2222, 2223, 8081), 2: (2182, 3333, 3334, 8082), 3: (2183, 4444, 4445, 8083)}
AUTO_BASE_RANGE = (12000, 30000)


def _import_collection():
    """Import the collection's module_utils as Ansible does (ansible_collections.zkops.ensemble)."""
    linked = os.path.join(REPO, ".cache", "collections")
    if os.path.isdir(os.path.join(linked, "ansible_collections", "zkops", "ensemble")):
        root = linked
    else:  # a fresh checkout without scripts/venv.sh: link it into a temporary collections tree
        root = tempfile.mkdtemp(prefix="zkops-collections-")
        os.makedirs(os.path.join(root, "ansible_collections", "zkops"))
        os.symlink(REPO, os.path.join(root, "ansible_collections", "zkops", "ensemble"))
    if root not in sys.path:
        sys.path.insert(0, root)
    from ansible_collections.zkops.ensemble.plugins.module_utils import _probe as probe, _zoocfg as zoocfg  # noqa: E402
    return probe, zoocfg


probe, zoocfg = _import_collection()


class EnsembleError(RuntimeError):
    """The ensemble could not be started, stopped or found."""


def _port_free(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As Java's ServerSocket does: connections in TIME_WAIT from a stopped server do not block the port.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        return True
    except OSError:
        return False
    finally:
        sock.close()


def free_base_port(servers, attempts=200):
    """A base port whose whole block of ports (every server's four) is free on 127.0.0.1."""
    for _attempt in range(attempts):
        base = random.randrange(AUTO_BASE_RANGE[0], AUTO_BASE_RANGE[1] - servers * PORT_STRIDE, PORT_STRIDE)
        offsets = list(PORT_OFFSETS.values()) + [SECURE_PORT_OFFSET]
        if all(_port_free(base + PORT_STRIDE * i + off) for i in range(servers) for off in offsets):
            return base
    raise EnsembleError("found no block of %d free ports on %s" % (servers * len(PORT_OFFSETS), HOST))


def classpath(zk_home=None):
    """The java classpath: Debian's package by default, an Apache layout under ``zk_home``."""
    if zk_home:
        home = os.path.abspath(zk_home)
        jars = sorted(glob.glob(os.path.join(home, "lib", "*.jar"))) + sorted(glob.glob(os.path.join(home, "*.jar")))
        if not any("zookeeper" in os.path.basename(j) for j in jars):
            raise EnsembleError("no zookeeper jar under %s/lib or %s: --zk-home must be an Apache ZooKeeper "
                                "layout (lib/*.jar, conf/)" % (home, home))
        return os.pathsep.join([os.path.join(home, "conf")] + jars)
    if not os.path.isfile(DEBIAN_JAR):
        raise EnsembleError("%s is missing: install Debian's zookeeper package (apt-get install zookeeper) "
                            "or pass --zk-home with an Apache ZooKeeper layout" % DEBIAN_JAR)
    parts = [DEBIAN_CONF, DEBIAN_JAR] + [j for j in DEBIAN_EXTRA_JARS if os.path.isfile(j)]
    return os.pathsep.join(parts)


class LocalEnsemble(object):
    """N ZooKeeper servers on 127.0.0.1 under one directory."""

    def __init__(self, directory, servers=3, base_port=None, whitelist=DEFAULT_WHITELIST, zk_home=None,
                 tick_time=2000, standalone_enabled=True, java="java", heap_mb=256, layout="block",
                 secure=False, extra_settings=None, jvm_flags=None):
        self.directory = os.path.abspath(directory)
        self.size = int(servers)
        if not 1 <= self.size <= 255:
            raise EnsembleError("--servers must be from 1 to 255, got %d" % self.size)
        if layout not in ("block", "source"):
            raise EnsembleError("--layout must be block or source, got %r" % (layout,))
        if layout == "source" and self.size > len(SOURCE_LAYOUT):
            raise EnsembleError("--layout source has ports for %d servers, not %d" % (len(SOURCE_LAYOUT), self.size))
        self.layout = layout
        self.base_port = int(base_port) if base_port else None
        self.whitelist = [w.strip() for w in (whitelist.split(",") if isinstance(whitelist, str) else whitelist)
                          if w.strip()]
        self.zk_home = os.path.abspath(zk_home) if zk_home else None
        self.tick_time = int(tick_time)
        self.standalone_enabled = bool(standalone_enabled)
        self.java = java
        self.heap_mb = int(heap_mb)
        # secure: every server also listens with TLS on secure_client_port (secureClientPort, same address).
        self.secure = bool(secure)
        if self.secure and layout != "block":
            raise EnsembleError("secure=True needs the block layout (the source layout has no TLS ports)")
        # extra_settings: more zoo.cfg settings for every server (ssl.*, authProvider.N, enforce.auth.*, ...);
        # jvm_flags: more java options (-Djava.security.auth.login.config=...). Both are kept in ensemble.json.
        self.extra_settings = dict(extra_settings or {})
        self.jvm_flags = [str(flag) for flag in (jvm_flags or [])]
        self._children = {}

    # ------------------------------------------------------------------ state

    @classmethod
    def load(cls, directory):
        path = os.path.join(os.path.abspath(directory), STATE_FILE)
        if not os.path.isfile(path):
            raise EnsembleError("%s is missing: no ensemble was started in %s" % (path, directory))
        with open(path) as handle:
            state = json.load(handle)
        return cls(directory, servers=state["servers"], base_port=state["base_port"], whitelist=state["whitelist"],
                   zk_home=state.get("zk_home"), tick_time=state.get("tick_time", 2000),
                   standalone_enabled=state.get("standalone_enabled", True), java=state.get("java", "java"),
                   heap_mb=state.get("heap_mb", 256), layout=state.get("layout", "block"),
                   secure=state.get("secure", False), extra_settings=state.get("extra_settings"),
                   jvm_flags=state.get("jvm_flags"))

    def _save(self):
        state = {"servers": self.size, "base_port": self.base_port, "whitelist": self.whitelist,
                 "zk_home": self.zk_home, "tick_time": self.tick_time, "standalone_enabled": self.standalone_enabled,
                 "java": self.java, "heap_mb": self.heap_mb, "layout": self.layout, "classpath": classpath(self.zk_home),
                 "secure": self.secure, "extra_settings": self.extra_settings, "jvm_flags": self.jvm_flags,
                 "instances": self.instances()}
        with open(os.path.join(self.directory, STATE_FILE), "w") as handle:
            json.dump(state, handle, indent=2, sort_keys=True)
            handle.write("\n")

    def ids(self):
        return list(range(1, self.size + 1))

    def server_dir(self, sid):
        return os.path.join(self.directory, "zk%d" % sid)

    def instance(self, sid):
        if self.layout == "source":
            inst = dict(zip(("client_port", "quorum_port", "election_port", "admin_port"), SOURCE_LAYOUT[sid]))
        else:
            base = self.base_port + PORT_STRIDE * (sid - 1)
            inst = dict((name, base + off) for name, off in PORT_OFFSETS.items())
            if self.secure:
                inst["secure_client_port"] = base + SECURE_PORT_OFFSET
        inst.update(id=sid, data_dir=os.path.join(self.server_dir(sid), "data"))
        return inst

    def instances(self):
        return [self.instance(sid) for sid in self.ids()]

    def address(self, sid):
        return "%s:%d" % (HOST, self.instance(sid)["client_port"])

    def addresses(self):
        return [self.address(sid) for sid in self.ids()]

    def secure_address(self, sid):
        """'127.0.0.1:<secureClientPort>' of server ``sid`` (secure=True only)."""
        if not self.secure:
            raise EnsembleError("this ensemble was started without secure=True: it has no TLS client port")
        return "%s:%d" % (HOST, self.instance(sid)["secure_client_port"])

    def tls_servers(self):
        """{client address: TLS address} of every server, as quorum_check's tls_servers takes it."""
        return dict((self.address(sid), self.secure_address(sid)) for sid in self.ids())

    def admin_ports(self):
        return dict((self.address(sid), self.instance(sid)["admin_port"]) for sid in self.ids())

    def connect_string(self):
        return ",".join(self.addresses())

    def _paths(self, sid):
        sdir = self.server_dir(sid)
        return (os.path.join(sdir, "zoo.cfg"), os.path.join(sdir, "zookeeper.pid"),
                os.path.join(sdir, "zookeeper.log"))

    # ------------------------------------------------------------------ configuration

    def render(self, sid):
        """Server ``sid``'s zoo.cfg, rendered by zoocfg.render."""
        inst = self.instance(sid)
        settings = {
            "tickTime": self.tick_time, "initLimit": 10, "syncLimit": 5, "dataDir": inst["data_dir"],
            "clientPort": inst["client_port"], "clientPortAddress": HOST, "maxClientCnxns": 0,
            "4lw.commands.whitelist": self.whitelist or None, "admin.enableServer": True,
            "admin.serverAddress": HOST, "admin.serverPort": inst["admin_port"],
        }
        if self.secure:
            settings.update({"secureClientPort": inst["secure_client_port"], "secureClientPortAddress": HOST})
        settings.update(self.extra_settings)
        servers = []
        if self.size > 1 or not self.standalone_enabled:
            servers = [{"id": i["id"], "host": HOST, "quorum_port": i["quorum_port"],
                        "election_port": i["election_port"]} for i in self.instances()]
        if not self.standalone_enabled:
            settings["standaloneEnabled"] = False
        header = ["Rendered by scripts/local_ensemble.py: server %d of %d on %s" % (sid, self.size, HOST)]
        return zoocfg.render(settings, servers=servers, header=header)

    def write(self):
        """Write every server's zoo.cfg and myid, checking ports and directories first."""
        if self.base_port is None and self.layout == "block":
            self.base_port = free_base_port(self.size)
        problems = zoocfg.check_instances(self.instances())
        if problems:
            raise EnsembleError("; ".join(problems))
        for sid in self.ids():
            cfg, _pid, _log = self._paths(sid)
            os.makedirs(self.instance(sid)["data_dir"], exist_ok=True)
            text = self.render(sid)
            problems = zoocfg.validate(text, my_id=sid if self.size > 1 or not self.standalone_enabled else None)
            if problems:
                raise EnsembleError("zoo.cfg of server %d: %s" % (sid, "; ".join(problems)))
            with open(cfg, "w") as handle:
                handle.write(text)
            with open(os.path.join(self.instance(sid)["data_dir"], "myid"), "w") as handle:
                handle.write("%d\n" % sid)
        self._save()

    # ------------------------------------------------------------------ processes

    def pid(self, sid):
        """The pid of server ``sid`` if its pid file names a live QuorumPeerMain of THIS server, else None."""
        cfg, pid_file, _log = self._paths(sid)
        try:
            with open(pid_file) as handle:
                pid = int(handle.read().strip())
        except (OSError, ValueError):
            return None
        self._reap(sid)
        child = self._children.get(sid)
        if child is not None and child.pid == pid and child.poll() is None:
            return pid  # our own child (its cmdline may not show java yet, right after the fork)
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as handle:
                cmdline = handle.read().split(b"\0")
            with open("/proc/%d/stat" % pid) as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return None
        if state in ("Z", "X"):
            return None
        if MAIN_CLASS.encode() not in cmdline or cfg.encode() not in cmdline:
            return None  # the pid was reused by another process: never touch it
        return pid

    def is_running(self, sid):
        return self.pid(sid) is not None

    def _reap(self, sid):
        child = self._children.get(sid)
        if child is not None and child.poll() is not None:
            self._children.pop(sid, None)

    def command(self, sid):
        cfg, _pid, _log = self._paths(sid)
        return [self.java, "-Xms32m", "-Xmx%dm" % self.heap_mb, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dzookeeper.log.dir=%s" % self.server_dir(sid), "-Dzookeeper.log.file=zookeeper.log",
                "-Dzookeeper.root.logger=INFO,CONSOLE", "-Dzookeeper.console.threshold=INFO",
                "-Dzookeeper.jmx.log4j.disable=true"] + self.jvm_flags + ["-cp", classpath(self.zk_home),
                                                                          MAIN_CLASS, cfg]

    def start_one(self, sid):
        """Start server ``sid`` (already written) unless it runs; returns its pid."""
        if sid not in self.ids():
            raise EnsembleError("no server %d: this ensemble has servers 1..%d" % (sid, self.size))
        running = self.pid(sid)
        if running:
            return running
        cfg, pid_file, log_file = self._paths(sid)
        if not os.path.isfile(cfg):
            raise EnsembleError("%s is missing: run start first" % cfg)
        inst = self.instance(sid)
        busy = [p for p in (inst["client_port"], inst["quorum_port"], inst["election_port"], inst["admin_port"],
                            inst.get("secure_client_port")) if p and not _port_free(p)]
        if busy:
            raise EnsembleError("server %d cannot start: port(s) %s on %s are in use by another process"
                                % (sid, ", ".join(str(p) for p in busy), HOST))
        with open(log_file, "ab") as log, open(os.devnull, "rb") as devnull:
            child = subprocess.Popen(self.command(sid), stdout=log, stderr=subprocess.STDOUT, stdin=devnull,
                                     cwd=self.server_dir(sid), close_fds=True, start_new_session=True)
        self._children[sid] = child
        with open(pid_file, "w") as handle:
            handle.write("%d\n" % child.pid)
        return child.pid

    def start(self, wait=False, timeout=90):
        """Write the configuration (first time) and start every server."""
        if not os.path.isfile(os.path.join(self.directory, STATE_FILE)):
            os.makedirs(self.directory, exist_ok=True)
            self.write()
        for sid in self.ids():
            self.start_one(sid)
        if wait:
            self.wait_ready(timeout=timeout)
        return self

    def _signal(self, sid, sig, timeout):
        pid = self.pid(sid)
        if pid is None:
            return False
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return False
        deadline = time.time() + timeout
        while time.time() < deadline:
            child = self._children.get(sid)
            if child is not None:
                try:
                    child.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    pass
            else:
                time.sleep(0.1)
            if self.pid(sid) is None:
                return True
        return self.pid(sid) is None

    def stop(self, sid=None, timeout=10):
        """Stop server ``sid`` (or all): SIGTERM, then SIGKILL after ``timeout`` seconds."""
        for one in ([sid] if sid is not None else self.ids()):
            if not self._signal(one, signal.SIGTERM, timeout):
                self._signal(one, signal.SIGKILL, 5)
            _cfg, pid_file, _log = self._paths(one)
            if self.pid(one) is None and os.path.exists(pid_file):
                os.unlink(pid_file)

    def kill(self, sid):
        """SIGKILL server ``sid`` (a crash, not a clean shutdown)."""
        self._signal(sid, signal.SIGKILL, 10)
        _cfg, pid_file, _log = self._paths(sid)
        if self.pid(sid) is None and os.path.exists(pid_file):
            os.unlink(pid_file)

    # ------------------------------------------------------------------ state of the servers

    def _method(self):
        return "4lw" if "srvr" in self.whitelist or not self.whitelist else "admin"

    def server_status(self, sid, timeout=2.0):
        inst = self.instance(sid)
        status = probe.server_status(self.address(sid), method=self._method(), admin_port=inst["admin_port"],
                                     timeout=timeout)
        status.update(id=sid, pid=self.pid(sid), admin_port=inst["admin_port"])
        return status

    def status(self):
        return [self.server_status(sid) for sid in self.ids()]

    def leader(self):
        for status in self.status():
            if status["mode"] in ("leader", "standalone"):
                return status["id"]
        return None

    def wait_ready(self, ids=None, timeout=90):
        """Wait until one leader (or the standalone server) and all other running servers follow it."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            wanted = ids or [sid for sid in self.ids() if self.is_running(sid)]
            if not wanted:
                raise EnsembleError("no server of %s is running; see the zookeeper.log files" % self.directory)
            last = [self.server_status(sid) for sid in wanted]
            modes = [s["mode"] for s in last]
            leaders = [m for m in modes if m in ("leader", "standalone")]
            if len(leaders) == 1 and all(m in probe.SERVING_MODES for m in modes):
                leader = [s for s in last if s["mode"] in ("leader", "standalone")][0]
                synced = leader.get("synced_followers")
                if synced is None or synced >= len([m for m in modes if m == "follower"]):
                    return last
            for sid in wanted:
                if not self.is_running(sid):
                    raise EnsembleError("server %d exited while starting; see %s" % (sid, self._paths(sid)[2]))
            time.sleep(0.25)
        raise EnsembleError("the ensemble in %s was not ready within %ss: %s"
                            % (self.directory, timeout, json.dumps(last)))


def _main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="action", required=True)
    start = sub.add_parser("start", help="write the configuration and start every server")
    start.add_argument("--dir", required=True)
    start.add_argument("--servers", type=int, default=3)
    start.add_argument("--base-port", type=int, default=None,
                       help="first port; server i uses base+10*(i-1) .. +3 (default: a free block)")
    start.add_argument("--layout", choices=("block", "source"), default="block",
                       help="block: --base-port blocks; source: the source document's pseudo-cluster ports")
    start.add_argument("--whitelist", default=",".join(DEFAULT_WHITELIST), help="4lw.commands.whitelist")
    start.add_argument("--zk-home", default=None, help="Apache layout (lib/*.jar, conf/) instead of Debian's package")
    start.add_argument("--tick-time", type=int, default=2000)
    start.add_argument("--no-standalone", action="store_true",
                       help="standaloneEnabled=false (a single server then runs as a one-voter quorum)")
    start.add_argument("--wait", action="store_true", help="wait until a leader and all followers serve")
    one = sub.add_parser("start-one", help="start one server of an existing ensemble")
    one.add_argument("--dir", required=True)
    one.add_argument("--id", type=int, required=True)
    one.add_argument("--wait", action="store_true")
    stop = sub.add_parser("stop", help="stop every server (or one) started from this directory")
    stop.add_argument("--dir", required=True)
    stop.add_argument("--id", type=int, default=None)
    status = sub.add_parser("status", help="print each server's address and mode as JSON")
    status.add_argument("--dir", required=True)
    args = parser.parse_args(argv)

    try:
        if args.action == "start":
            state = os.path.join(os.path.abspath(args.dir), STATE_FILE)
            if os.path.isfile(state):
                ensemble = LocalEnsemble.load(args.dir)
            else:
                ensemble = LocalEnsemble(args.dir, servers=args.servers, base_port=args.base_port,
                                         whitelist=args.whitelist, zk_home=args.zk_home, tick_time=args.tick_time,
                                         standalone_enabled=not args.no_standalone, layout=args.layout)
            ensemble.start(wait=args.wait)
            print(json.dumps({"dir": ensemble.directory, "servers": ensemble.addresses(),
                              "connect_string": ensemble.connect_string(), "admin_ports": ensemble.admin_ports(),
                              "pids": dict((sid, ensemble.pid(sid)) for sid in ensemble.ids())}, indent=2))
        elif args.action == "start-one":
            ensemble = LocalEnsemble.load(args.dir)
            ensemble.start_one(args.id)
            if args.wait:
                ensemble.wait_ready()
        elif args.action == "stop":
            LocalEnsemble.load(args.dir).stop(args.id)
        else:
            ensemble = LocalEnsemble.load(args.dir)
            print(json.dumps([dict((k, s[k]) for k in ("id", "address", "admin_port", "pid", "reachable", "mode",
                                                       "version", "zxid", "error")) for s in ensemble.status()],
                             indent=2))
    except EnsembleError as exc:
        print("local_ensemble.py: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
