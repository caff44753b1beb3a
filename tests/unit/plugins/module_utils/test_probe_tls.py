"""probe and _tls over real TLS: a local TLS server (Python's ssl) that answers four-letter words and
AdminServer commands like ZooKeeper, with certificates made by tests/secure_pki.py."""

import contextlib
import json
import os
import socketserver
import ssl
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _probe as probe
from ansible_collections.zkops.ensemble.plugins.module_utils import _tls as tls
from ansible_collections.zkops.ensemble.plugins.module_utils._probe import TlsError, UnreachableError

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", ".."))
import secure_pki  # noqa: E402  pylint: disable=wrong-import-position
from local_servers import serving  # noqa: E402  pylint: disable=wrong-import-position

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def _fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return secure_pki.make_pki(str(tmp_path_factory.mktemp("pki")))


def _server_context(pki, need_client_cert):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["server"])
    context.load_verify_locations(pki["ca"])
    context.verify_mode = ssl.CERT_REQUIRED if need_client_cert else ssl.CERT_NONE
    context.maximum_version = ssl.TLSVersion.TLSv1_2  # as ZooKeeper 3.8's default: refusals come in the handshake
    return context


class _TlsFourLetterHandler(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            conn = self.server.context.wrap_socket(self.request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        word = conn.recv(4).decode()
        conn.sendall(self.server.replies.get(word, "").encode())
        conn.close()


@contextlib.contextmanager
def tls_four_letter_server(pki, replies, need_client_cert=True):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _TlsFourLetterHandler)
    server.daemon_threads = True
    server.replies = replies
    server.context = _server_context(pki, need_client_cert)
    with serving(server) as port:
        yield port


class _AdminHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        data = json.dumps({"command": "server_stats", "error": None, "version": "3.8.0-abc, built on x",
                           "node_count": 5, "server_stats": {"server_state": "standalone",
                                                             "last_processed_zxid": 7}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def https_admin_server(pki):
    server = HTTPServer(("127.0.0.1", 0), _AdminHandler)
    server.socket = _server_context(pki, True).wrap_socket(server.socket, server_side=True)
    with serving(server) as port:
        yield port


STANDALONE = {"srvr": _fixture("srvr_3.8.0_standalone.txt")}


# ---------------------------------------------------------------- _tls: options and files

@pytest.mark.parametrize("files, fragments", [
    ({}, ["needs tls_ca_file", "CA certificate"]),
    ({"ca": "missing.pem"}, ["tls_ca_file", "missing.pem does not exist"]),
    ({"ca": "ca", "key": "client_key"}, ["tls_key_file is set but tls_cert_file is not"]),
    ({"ca": "ca", "cert": "missing.pem"}, ["tls_cert_file", "does not exist"]),
    ({"ca": "DIR"}, ["tls_ca_file", "is a directory"]),
])
def test_file_problems_name_the_option_and_the_fix(pki, tmp_path, files, fragments):
    def path(value):
        if value == "DIR":
            return str(tmp_path)
        return pki.get(value, str(tmp_path / value))
    problems = tls.file_problems(*(path(files[k]) if k in files else None for k in ("ca", "cert", "key")),
                                 needed_by="tls_servers")
    text = "; ".join(problems)
    for fragment in fragments:
        assert fragment in text


@pytest.mark.parametrize("files", [("ca", None, None), ("ca", "server", None), ("ca", "client_cert", "client_key")])
def test_file_problems_none_for_usable_files(pki, files):
    assert tls.file_problems(*(pki[f] if f else None for f in files)) == []


def test_client_context_refuses_a_cert_without_key(pki):
    with pytest.raises(tls.TlsConfigError) as info:
        tls.client_context(pki["ca"], pki["client_cert"])
    assert "tls_cert_file must hold the PEM certificate chain followed by its private key" in str(info.value)
    assert "tls_key_file" in str(info.value)


def test_client_context_refuses_a_ca_file_without_certificate(pki):
    with pytest.raises(tls.TlsConfigError) as info:
        tls.client_context(pki["client_key"])
    assert "tls_ca_file %s holds no usable CA certificate" % pki["client_key"] in str(info.value)


def test_client_context_option_names_can_be_the_callers(tmp_path):
    with pytest.raises(tls.TlsConfigError) as info:
        tls.client_context(str(tmp_path / "nope.pem"), names={"ca": "zookeeper_tls_client_ca_file"})
    assert str(info.value).startswith("zookeeper_tls_client_ca_file %s does not exist" % (tmp_path / "nope.pem"))


@pytest.mark.parametrize("tls_servers, fragment", [
    ({"zk9:2181": "zk9:2281"}, "tls_servers names zk9:2181, which is not in servers"),
    ({"zk1:2181": ""}, "tls_servers[zk1:2181] is ''"),
    ({"zk1:2181": None}, "tls_servers[zk1:2181] is None"),
])
def test_map_problems(tls_servers, fragment):
    assert fragment in "; ".join(tls.map_problems(["zk1:2181"], tls_servers))


# ---------------------------------------------------------------- probes over TLS

def test_four_letter_word_over_tls_with_client_certificate(pki):
    with tls_four_letter_server(pki, STANDALONE) as port:
        context = tls.client_context(pki["ca"], pki["server"])
        assert "Mode: standalone" in probe.four_letter_word("127.0.0.1", port, "srvr", 2, context)


def test_separate_key_file_works_too(pki):
    with tls_four_letter_server(pki, STANDALONE) as port:
        context = tls.client_context(pki["ca"], pki["client_cert"], pki["client_key"])
        assert "Mode: standalone" in probe.four_letter_word("localhost", port, "srvr", 2, context)


@pytest.mark.parametrize("ca, cert, fragment", [
    ("ca", None, "the server refused our client certificate"),
    ("other_ca", "server", "certificate verify failed"),
])
def test_tls_refusals_are_tls_errors_naming_the_address(pki, ca, cert, fragment):
    with tls_four_letter_server(pki, STANDALONE) as port:
        context = tls.client_context(pki[ca], pki[cert] if cert else None)
        with pytest.raises(TlsError) as info:
            probe.four_letter_word("127.0.0.1", port, "srvr", 2, context)
    assert str(info.value).startswith("TLS handshake with 127.0.0.1:%d failed: " % port)
    assert fragment in str(info.value)


def test_plaintext_port_asked_over_tls_is_a_tls_error(pki):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler)
    server.daemon_threads = True

    class _Plain(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.recv(100)
            self.request.sendall(b"Zookeeper version: 3.8.0\n")
    server.RequestHandlerClass = _Plain
    with serving(server) as port:
        with pytest.raises(TlsError) as info:
            probe.four_letter_word("127.0.0.1", port, "srvr", 2, tls.client_context(pki["ca"], pki["server"]))
    assert "TLS handshake with 127.0.0.1:%d failed" % port in str(info.value)


def test_server_status_over_tls_stays_keyed_by_the_client_address(pki):
    with tls_four_letter_server(pki, STANDALONE) as port:
        context = tls.client_context(pki["ca"], pki["server"])
        status = probe.server_status("zk1:2181", tls_address="127.0.0.1:%d" % port, ssl_context=context, timeout=2)
    assert status["address"] == "zk1:2181"
    assert status["mode"] == "standalone" and status["error"] is None


def test_server_status_refused_certificate_is_reachable_but_failing(pki):
    with tls_four_letter_server(pki, STANDALONE) as port:
        context = tls.client_context(pki["ca"])
        status = probe.server_status("zk1:2181", tls_address="127.0.0.1:%d" % port, ssl_context=context, timeout=2)
    assert status["reachable"] is True and status["mode"] is None
    assert status["error"].startswith("TLS handshake with 127.0.0.1:%d failed: " % port)


def test_server_status_tls_port_closed_is_unreachable(pki):
    sock = __import__("socket").socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    status = probe.server_status("zk1:2181", tls_address="127.0.0.1:%d" % port,
                                 ssl_context=tls.client_context(pki["ca"]), timeout=1)
    assert status["reachable"] is False and "cannot connect to 127.0.0.1:%d" % port in status["error"]


def test_server_status_tls_address_without_context_says_so():
    status = probe.server_status("zk1:2181", tls_address="zk1:2281")
    assert status["error"] == "zk1:2181 is to be asked over TLS at zk1:2281 but no TLS context (CA file) was given"


def test_admin_command_over_https(pki):
    with https_admin_server(pki) as port:
        status = probe.server_status("127.0.0.1:2181", method="admin", admin_port=port, timeout=2,
                                     ssl_context=tls.client_context(pki["ca"], pki["server"]), admin_https=True)
    assert status["mode"] == "standalone" and status["zxid"] == 7 and status["error"] is None


def test_admin_command_over_https_without_client_certificate(pki):
    with https_admin_server(pki) as port:
        with pytest.raises(TlsError) as info:
            probe.admin_command("127.0.0.1", port, "server_stats", 2, tls.client_context(pki["ca"]))
    assert str(info.value).startswith("TLS handshake with 127.0.0.1:%d failed: " % port)


def test_admin_plain_http_against_nothing_is_still_unreachable():
    sock = __import__("socket").socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(UnreachableError):
        probe.admin_command("127.0.0.1", port, "server_stats", 1)
