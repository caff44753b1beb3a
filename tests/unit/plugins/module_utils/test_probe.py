"""probe: parsers on real ZooKeeper 3.8.0 answers, and the probes against fake local servers.

The fixtures were captured from a real 3.8.0 ensemble started with
scripts/local_ensemble.py (srvr, mntr, the AdminServer's server_stats and
monitor, the whitelist refusal and the not-serving reply).
"""

import contextlib
import json
import os
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _probe as probe
from ansible_collections.zkops.ensemble.plugins.module_utils._probe import (
    NotWhitelistedError,
    ProbeError,
    UnreachableError,
)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", ".."))
from local_servers import closed_port, serving  # noqa: E402  pylint: disable=wrong-import-position

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


# ---------------------------------------------------------------- parsers

@pytest.mark.parametrize("name, expected", [
    ("srvr_3.8.0_leader.txt", {"mode": "leader", "version": "3.8.0", "zxid": 0x100000000, "node_count": 5,
                               "proposal_sizes": [-1, -1, -1], "serving": True}),
    ("srvr_3.8.0_follower.txt", {"mode": "follower", "version": "3.8.0", "zxid": 0, "node_count": 5,
                                 "outstanding": 0, "serving": True}),
    ("srvr_3.8.0_standalone.txt", {"mode": "standalone", "version": "3.8.0", "zxid": 0, "node_count": 5,
                                   "latency_min": 0, "latency_avg": 0.0, "latency_max": 0}),
    ("srvr_3.8.0_not_serving.txt", {"serving": False, "mode": None}),
])
def test_parse_srvr_real_answers(name, expected):
    parsed = probe.parse_srvr(fixture(name))
    for key, value in expected.items():
        assert parsed[key] == value, key


def test_parse_srvr_keeps_the_full_version():
    assert probe.parse_srvr(fixture("srvr_3.8.0_leader.txt"))["version_full"].startswith("3.8.0-")


@pytest.mark.parametrize("text", ["", "hello\n", "imok"])
def test_parse_srvr_rejects_other_text(text):
    with pytest.raises(ProbeError):
        probe.parse_srvr(text)


@pytest.mark.parametrize("name, expected", [
    ("mntr_3.8.0_leader.txt", {"zk_server_state": "leader", "zk_peer_state": "leading - broadcast",
                               "zk_synced_followers": 2, "zk_learners": 2, "zk_pending_syncs": 0,
                               "zk_znode_count": 5, "zk_avg_latency": 0.0, "zk_quorum_size": 3}),
    ("mntr_3.8.0_follower.txt", {"zk_server_state": "follower", "zk_peer_state": "following - broadcast"}),
])
def test_parse_mntr_real_answers(name, expected):
    parsed = probe.parse_mntr(fixture(name))
    for key, value in expected.items():
        assert parsed[key] == value, key
        assert type(parsed[key]) is type(value), key


def test_parse_mntr_version_stays_text():
    parsed = probe.parse_mntr(fixture("mntr_3.8.0_leader.txt"))
    assert parsed["zk_version"].startswith("3.8.0-") and "built on" in parsed["zk_version"]
    assert "zk_synced_followers" not in probe.parse_mntr(fixture("mntr_3.8.0_follower.txt"))


@pytest.mark.parametrize("text", ["", "mntr is not executed because it is not in the whitelist.\n", "x\ty\n"])
def test_parse_mntr_rejects_other_text(text):
    with pytest.raises(ProbeError):
        probe.parse_mntr(text)


@pytest.mark.parametrize("address, expected", [
    ("zk1:2181", ("zk1", 2181)),
    ("10.0.0.1:2182", ("10.0.0.1", 2182)),
    ("zk1", ("zk1", 2181)),
    ("[::1]:2181", ("::1", 2181)),
    ("[::1]", ("::1", 2181)),
    ("::1", ("::1", 2181)),
    (" zk1:2181 ", ("zk1", 2181)),
])
def test_split_address(address, expected):
    assert probe.split_address(address) == expected


@pytest.mark.parametrize("address", ["", ":2181", "zk1:http", "zk1:0", "zk1:65536", "[::1", "[::1]2181", None])
def test_split_address_rejects(address):
    with pytest.raises(ProbeError):
        probe.split_address(address)


# ---------------------------------------------------------------- fake servers

class _FourLetterHandler(socketserver.BaseRequestHandler):
    def handle(self):
        word = self.request.recv(4).decode()
        reply = self.server.replies.get(word, "%s is not executed because it is not in the whitelist.\n" % word)
        if reply is not None:
            self.request.sendall(reply.encode())


@contextlib.contextmanager
def four_letter_server(replies):
    """A TCP server on 127.0.0.1 answering four-letter words like ZooKeeper (None: close without answer)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _FourLetterHandler)
    server.daemon_threads = True
    server.replies = replies
    with serving(server) as port:
        yield port


class _AdminHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        status, body = self.server.routes.get(self.path, (404, "<html>not found</html>"))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def admin_server(routes):
    server = HTTPServer(("127.0.0.1", 0), _AdminHandler)
    server.routes = routes
    with serving(server) as port:
        yield port


LEADER_4LW = {"srvr": fixture("srvr_3.8.0_leader.txt"), "mntr": fixture("mntr_3.8.0_leader.txt")}
FOLLOWER_4LW = {"srvr": fixture("srvr_3.8.0_follower.txt"), "mntr": fixture("mntr_3.8.0_follower.txt")}


# ---------------------------------------------------------------- four_letter_word

def test_four_letter_word_returns_the_answer():
    with four_letter_server(LEADER_4LW) as port:
        assert probe.four_letter_word("127.0.0.1", port, "srvr") == fixture("srvr_3.8.0_leader.txt")


def test_four_letter_word_not_whitelisted_names_server_word_and_fix():
    with four_letter_server({"srvr": fixture("srvr_3.8.0_leader.txt")}) as port:
        with pytest.raises(NotWhitelistedError) as err:
            probe.four_letter_word("127.0.0.1", port, "mntr")
    message = str(err.value)
    for fragment in ("127.0.0.1:%d" % port, "'mntr'", "4lw.commands.whitelist", "zookeeper_four_letter_words"):
        assert fragment in message
    assert err.value.word == "mntr"


def test_four_letter_word_real_refusal_text_is_detected():
    with four_letter_server({"conf": fixture("conf_3.8.0_not_whitelisted.txt")}) as port:
        with pytest.raises(NotWhitelistedError):
            probe.four_letter_word("127.0.0.1", port, "conf")


def test_four_letter_word_unreachable():
    port = closed_port()
    with pytest.raises(UnreachableError) as err:
        probe.four_letter_word("127.0.0.1", port, "srvr", timeout=1)
    assert "127.0.0.1:%d" % port in str(err.value)


@pytest.mark.parametrize("word", ["stat!", "sr", "", "SRVR"])
def test_four_letter_word_rejects_bad_words(word):
    with pytest.raises(ProbeError):
        probe.four_letter_word("127.0.0.1", 1, word)


# ---------------------------------------------------------------- admin_command

ADMIN_LEADER = {
    "/commands/server_stats": (200, fixture("admin_server_stats_3.8.0_leader.json")),
    "/commands/monitor": (200, fixture("admin_monitor_3.8.0_leader.json")),
}


def test_admin_command_returns_json():
    with admin_server(ADMIN_LEADER) as port:
        data = probe.admin_command("127.0.0.1", port, "server_stats")
    assert data["server_stats"]["server_state"] == "leader"


@pytest.mark.parametrize("routes, fragment", [
    ({"/commands/server_stats": (200, fixture("admin_server_stats_3.8.0_not_serving.json"))},
     "not currently serving requests"),
    ({}, "HTTP 404"),
    ({"/commands/server_stats": (200, "<html>hi</html>")}, "not JSON"),
    ({"/commands/server_stats": (200, "[1, 2]")}, "not a JSON object"),
])
def test_admin_command_errors(routes, fragment):
    with admin_server(routes) as port:
        with pytest.raises(ProbeError) as err:
            probe.admin_command("127.0.0.1", port, "server_stats")
    assert fragment in str(err.value)
    assert "127.0.0.1:%d" % port in str(err.value)


class _NotHttpHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(4096)
            if not chunk:
                break
            data += chunk
        self.request.sendall(b"imok\n")


def test_admin_command_on_a_port_that_does_not_speak_http():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _NotHttpHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        with pytest.raises(ProbeError) as err:
            probe.admin_command("127.0.0.1", port, "server_stats", timeout=2)
    finally:
        server.shutdown()
        server.server_close()
    assert not isinstance(err.value, UnreachableError)
    assert "did not answer" in str(err.value) and "admin.serverPort" in str(err.value)


def test_admin_command_unreachable():
    with pytest.raises(UnreachableError) as err:
        probe.admin_command("127.0.0.1", closed_port(), "server_stats", timeout=1)
    assert "admin.enableServer" in str(err.value)


# ---------------------------------------------------------------- server_status

def test_server_status_4lw_leader_reads_mntr():
    with four_letter_server(LEADER_4LW) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert status == {"address": "127.0.0.1:%d" % port, "reachable": True, "mode": "leader", "version": "3.8.0",
                      "zxid": 0x100000000, "node_count": 5, "outstanding": 0, "connections": 1,
                      "latency_min": 0, "latency_avg": 0.0, "latency_max": 0, "followers": 2,
                      "synced_followers": 2, "pending_syncs": 0, "peer_state": "leading - broadcast", "error": None}


# A busy follower: what the status report shows as outstanding requests and latency.
_BUSY_SRVR = ("Zookeeper version: 3.9.3-c26634f34490bb0ea7a09cc51e05ede3b4e320ee, built on 2024-10-17 23:21 UTC\n"
              "Latency min/avg/max: 1/12.5/873\nReceived: 90210\nSent: 90207\nConnections: 42\n"
              "Outstanding: 17\nZxid: 0x300000f2a\nMode: follower\nNode count: 1204\n")
_BUSY_ADMIN = json.dumps({"version": "3.9.3-c26634f3, built on 2024-10-17 23:21 UTC", "node_count": 1204,
                          "server_stats": {"server_state": "follower", "last_processed_zxid": 0x300000f2a,
                                           "outstanding_requests": 17, "num_alive_client_connections": 42,
                                           "min_latency": 1, "avg_latency": 12.5, "max_latency": 873},
                          "command": "server_stats", "error": None})


@pytest.mark.parametrize("method", ["4lw", "admin"])
def test_server_status_reports_outstanding_requests_connections_and_latency(method):
    expected = {"mode": "follower", "version": "3.9.3", "zxid": 0x300000f2a, "node_count": 1204, "outstanding": 17,
                "connections": 42, "latency_min": 1, "latency_avg": 12.5, "latency_max": 873, "error": None}
    if method == "4lw":
        with four_letter_server({"srvr": _BUSY_SRVR}) as port:
            status = probe.server_status("127.0.0.1:%d" % port)
    else:
        with admin_server({"/commands/server_stats": (200, _BUSY_ADMIN)}) as port:
            status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=port)
    assert dict((key, status[key]) for key in expected) == expected


@pytest.mark.parametrize("replies", [{"srvr": fixture("srvr_3.8.0_not_serving.txt")}, {}])
def test_server_status_has_no_numbers_for_a_server_that_does_not_serve(replies):
    with four_letter_server(replies) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert [status[k] for k in ("outstanding", "connections", "latency_min", "latency_avg", "latency_max")] == [None] * 5


def test_server_status_4lw_follower_needs_only_srvr():
    with four_letter_server({"srvr": FOLLOWER_4LW["srvr"]}) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert (status["mode"], status["error"], status["synced_followers"]) == ("follower", None, None)


def test_server_status_mntr_not_whitelisted_is_an_error_not_unreachable():
    with four_letter_server({"srvr": LEADER_4LW["srvr"]}) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert status["reachable"] is True
    assert status["mode"] == "leader"
    assert "mntr" in status["error"] and "4lw.commands.whitelist" in status["error"]


def test_server_status_srvr_not_whitelisted():
    with four_letter_server({}) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert status["reachable"] is True and status["mode"] is None
    assert "'srvr'" in status["error"]


def test_server_status_not_serving():
    with four_letter_server({"srvr": fixture("srvr_3.8.0_not_serving.txt")}) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert status["reachable"] is True and status["mode"] is None
    assert "not serving requests" in status["error"]


def test_server_status_garbage_answer():
    with four_letter_server({"srvr": "HTTP/1.1 400 Bad Request\r\n"}) as port:
        status = probe.server_status("127.0.0.1:%d" % port)
    assert status["reachable"] is True and "not a srvr report" in status["error"]


def test_server_status_unreachable():
    port = closed_port()
    status = probe.server_status("127.0.0.1:%d" % port, timeout=1)
    assert status["reachable"] is False and status["mode"] is None
    assert "127.0.0.1:%d" % port in status["error"]


@pytest.mark.parametrize("address, method, fragment", [
    ("zk1:http", "4lw", "port 'http'"),
    ("zk1:2181", "jmx", "method must be 4lw or admin"),
])
def test_server_status_bad_arguments(address, method, fragment):
    status = probe.server_status(address, method=method)
    assert status["reachable"] is False and fragment in status["error"]


def test_server_status_admin_leader():
    with admin_server(ADMIN_LEADER) as port:
        status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=port)
    monitor = json.loads(fixture("admin_monitor_3.8.0_leader.json"))
    assert status["mode"] == "leader" and status["version"] == "3.8.0"
    assert status["synced_followers"] == monitor["synced_followers"] == 2
    assert status["followers"] == monitor["learners"]
    assert status["peer_state"] == "leading - broadcast"
    assert status["zxid"] == json.loads(fixture("admin_server_stats_3.8.0_leader.json"))["server_stats"][
        "last_processed_zxid"]


def test_server_status_admin_follower_and_not_serving():
    routes = {"/commands/server_stats": (200, fixture("admin_server_stats_3.8.0_follower.json"))}
    with admin_server(routes) as port:
        status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=port)
    assert (status["mode"], status["error"]) == ("follower", None)
    routes = {"/commands/server_stats": (200, fixture("admin_server_stats_3.8.0_not_serving.json"))}
    with admin_server(routes) as port:
        status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=port)
    assert status["reachable"] is True and status["mode"] is None and "not serving" in status["error"]


def test_server_status_admin_unreachable():
    status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=closed_port(), timeout=1)
    assert status["reachable"] is False and "AdminServer" in status["error"]
