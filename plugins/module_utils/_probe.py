# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ask a ZooKeeper server how it is: four-letter words and the AdminServer.

Four-letter words go over the client port (``srvr``, ``mntr``, ...). Since 3.5.3
a server answers only the words in ``4lw.commands.whitelist`` (by default just
``srvr``) and replies "<word> is not executed because it is not in the
whitelist." to any other: that reply raises NotWhitelistedError, never passes
for an answer. The AdminServer (``admin.enableServer``, port 8080 by default)
serves the same data as JSON at ``http://host:port/commands/<command>``; this
module uses ``server_stats`` (the ``srvr`` equivalent) and ``monitor`` (the
``mntr`` equivalent).

Over TLS (a server's ``secureClientPort``) the four-letter words are the same,
sent after the handshake; pass an ``ssl_context`` (``_tls.client_context``). The
AdminServer is asked over https with the same context. A failed handshake or a
refused certificate raises TlsError: the server is reachable, but it refused us
(or we refused it).

Stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import socket
import ssl
import urllib.request
from http.client import HTTPException
from typing import Any, Dict, Optional, Tuple
from urllib.error import HTTPError, URLError

from ansible.module_utils.urls import open_url

from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import DEFAULT_CLIENT_PORT, format_host

DEFAULT_ADMIN_PORT = 8080
SERVING_MODES = ("leader", "follower", "observer", "standalone")
_NOT_WHITELISTED = "is not executed because it is not in the whitelist"
_NOT_SERVING = "This ZooKeeper instance is not currently serving requests"
_MAX_REPLY = 4 * 1024 * 1024


class ProbeError(Exception):
    """A server answered badly or not at all; the message names the server and the fix."""


class UnreachableError(ProbeError):
    """Nothing accepted the connection (refused, timed out, unknown host)."""


class TlsError(ProbeError):
    """The TLS handshake failed (certificate refused by either side): the server is reachable but failing."""


class NotWhitelistedError(ProbeError):
    """The server refused a four-letter word that is not in its ``4lw.commands.whitelist``."""

    def __init__(self, address, word):
        self.address = address
        self.word = word
        super(NotWhitelistedError, self).__init__(
            "%s refused the four-letter word '%s': it is not in its 4lw.commands.whitelist; add %s to "
            "4lw.commands.whitelist (the zookeeper_four_letter_words variable) on %s and restart it, or use "
            "method=admin" % (address, word, word, address))


def split_address(address: str, default_port: int = DEFAULT_CLIENT_PORT) -> Tuple[str, int]:
    """('host', port) of 'host:port', '[v6]:port' or 'host' (default port)."""
    if not isinstance(address, str) or not address.strip():
        raise ProbeError("server address %r is empty; write host:port, e.g. zk1:2181" % (address,))
    text = address.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ProbeError("server address %r opens '[' without closing it" % address)
        host, rest = text[1:end], text[end + 1:]
        port_text = rest[1:] if rest.startswith(":") else None
        if rest and port_text is None:
            raise ProbeError("server address %r: write [ipv6]:port" % address)
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    elif ":" in text:  # bare IPv6 literal
        host, port_text = text, None
    else:
        host, port_text = text, None
    if not host:
        raise ProbeError("server address %r has no host; write host:port" % address)
    if port_text is None or port_text == "":
        return host, int(default_port)
    if not re.match(r"^\d+$", port_text) or not 1 <= int(port_text) <= 65535:
        raise ProbeError("server address %r: port %r is not a number from 1 to 65535" % (address, port_text))
    return host, int(port_text)


def _address(host, port):
    return "%s:%d" % (format_host(host), port)


def _tls_failed(address, exc):
    if getattr(exc, "verify_message", None):
        reason = "certificate verify failed: %s" % exc.verify_message
    else:
        reason = str(exc) or type(exc).__name__
    hint = ""
    text = str(exc).upper()
    if "CERTIFICATE_VERIFY_FAILED" in text or getattr(exc, "verify_message", None):
        hint = ("; the server's certificate is not signed by the CA in the CA file, or its SANs do not name the "
                "host in %s" % address)
    elif "ALERT" in text or isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        hint = ("; the server refused our client certificate (or we gave none while it needs one: "
                "ssl.clientAuth=need): give a certificate signed by the servers' CA")
    return TlsError("TLS handshake with %s failed: %s%s" % (address, reason, hint))


def _connect(host, port, address, timeout, ssl_context):
    try:
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    except socket.timeout:
        raise UnreachableError("%s did not accept a connection within %ss" % (address, timeout))
    except (OSError, socket.error) as exc:
        raise UnreachableError("cannot connect to %s: %s" % (address, exc))
    if ssl_context is None:
        return sock
    try:
        return ssl_context.wrap_socket(sock, server_hostname=host)
    except socket.timeout:
        sock.close()
        raise TlsError("TLS handshake with %s failed: no answer within %ss; is this port the server's "
                       "secureClientPort?" % (address, timeout))
    except (ssl.SSLError, ssl.CertificateError, ConnectionResetError, BrokenPipeError) as exc:
        sock.close()
        raise _tls_failed(address, exc)
    except (OSError, socket.error) as exc:
        sock.close()
        raise TlsError("TLS handshake with %s failed: %s; is this port the server's secureClientPort?"
                       % (address, exc))


def four_letter_word(host: str, port: int, word: str, timeout: float = 5.0, ssl_context=None) -> str:
    """The text a server answers to ``word`` on its client port (over TLS with ``ssl_context``).

    Raises NotWhitelistedError when the word is not whitelisted,
    UnreachableError when nothing accepts the connection, TlsError when the
    TLS handshake fails, ProbeError otherwise.
    """
    address = _address(host, port)
    if not re.match(r"^[a-z]{4}$", word or ""):
        raise ProbeError("'%s' is not a four-letter word (srvr, mntr, ruok, ...)" % (word,))
    sock = _connect(host, port, address, timeout, ssl_context)
    chunks = []
    size = 0
    try:
        sock.settimeout(timeout)
        sock.sendall(word.encode("ascii"))
        while size < _MAX_REPLY:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except socket.timeout:
        raise ProbeError("%s accepted the connection but did not answer '%s' within %ss" % (address, word, timeout))
    except ssl.SSLError as exc:  # TLS 1.3: the server's refusal of our certificate arrives after the handshake
        if not chunks:
            raise _tls_failed(address, exc)
    except (OSError, socket.error) as exc:
        if not chunks and ssl_context is not None and isinstance(exc, (ConnectionResetError, BrokenPipeError)):
            raise _tls_failed(address, exc)
        if not chunks:
            raise ProbeError("%s closed the connection while answering '%s': %s" % (address, word, exc))
    finally:
        sock.close()
    text = b"".join(chunks).decode("utf-8", "replace")
    if _NOT_WHITELISTED in text:
        raise NotWhitelistedError(address, word)
    return text


def _https_get(url, timeout, ssl_context):
    # Directly (no proxy), with our context: the CA, the client certificate, host name checks.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPSHandler(context=ssl_context))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    return opener.open(request, timeout=timeout)


def admin_command(host: str, port: int, command: str, timeout: float = 5.0, ssl_context=None) -> Dict[str, Any]:
    """The JSON answer (a dict) of AdminServer command ``command``.

    GET http://host:port/commands/<command> (https with ``ssl_context``).
    Raises UnreachableError when nothing listens, TlsError when the TLS
    handshake fails, ProbeError for HTTP errors, non-JSON answers and answers
    whose ``error`` field is set.
    """
    address = _address(host, port)
    if not re.match(r"^[a-z_]+$", command or ""):
        raise ProbeError("'%s' is not an AdminServer command name (server_stats, monitor, ...)" % (command,))
    url = "%s://%s/commands/%s" % ("https" if ssl_context is not None else "http", address, command)
    try:
        if ssl_context is not None:
            response = _https_get(url, timeout, ssl_context)
        else:
            # Directly, like the client port: the AdminServer is on the ensemble's own network.
            response = open_url(url, headers={"Accept": "application/json"}, timeout=timeout, use_proxy=False)
        body = response.read(_MAX_REPLY)
    except HTTPError as exc:
        raise ProbeError("AdminServer at %s answered HTTP %s to %s: %s; check admin.serverPort and "
                         "admin.commandURL" % (address, exc.code, url, exc.reason))
    except URLError as exc:
        if isinstance(exc.reason, (ssl.SSLError, ssl.CertificateError)):
            raise _tls_failed(address, exc.reason)
        if ssl_context is not None and isinstance(exc.reason, (ConnectionResetError, BrokenPipeError)):
            raise _tls_failed(address, exc.reason)
        raise UnreachableError("cannot reach the AdminServer at %s (%s): %s; check that admin.enableServer is "
                               "true and admin.serverPort/admin.serverAddress match" % (address, url, exc.reason))
    except HTTPException as exc:
        raise ProbeError("%s did not answer %s like an AdminServer (%s: %s); check admin.serverPort"
                         % (address, url, type(exc).__name__, exc))
    except socket.timeout:
        raise UnreachableError("the AdminServer at %s did not answer %s within %ss" % (address, url, timeout))
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise _tls_failed(address, exc)
    except (OSError, socket.error) as exc:
        raise UnreachableError("cannot reach the AdminServer at %s (%s): %s" % (address, url, exc))
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        raise ProbeError("AdminServer at %s answered %s with something that is not JSON (%r...); is this "
                         "port really the AdminServer (admin.serverPort)?" % (address, url, body[:80]))
    if not isinstance(data, dict):
        raise ProbeError("AdminServer at %s answered %s with %r, not a JSON object" % (address, url, data))
    if data.get("error"):
        raise ProbeError("AdminServer at %s answered %s with an error: %s" % (address, command, data["error"]))
    return data


def _typed(value):
    value = value.strip()
    if re.match(r"^-?\d+$", value):
        return int(value)
    if re.match(r"^-?\d+\.\d*(E-?\d+)?$", value, re.IGNORECASE):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _short_version(full):
    match = re.match(r"^\s*(\d+(?:\.\d+)*)", full or "")
    return match.group(1) if match else (full or "").strip() or None


def parse_srvr(text: str) -> Dict[str, Any]:
    """The ``srvr`` answer as a dict.

    Keys: version ('3.8.0'), version_full, latency_min/avg/max, received, sent,
    connections, outstanding, zxid (int), mode, node_count, and proposal_sizes
    (leader only, a list of ints). An answer "not currently serving requests"
    gives {'serving': False}. Raises ProbeError for text that is not a srvr answer.
    """
    if _NOT_SERVING in (text or ""):
        return {"serving": False, "mode": None}
    result = {"serving": True}
    for line in (text or "").splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "zookeeper version":
            result["version_full"] = value
            result["version"] = _short_version(value)
        elif key == "latency min/avg/max":
            parts = value.split("/")
            if len(parts) == 3:
                result["latency_min"], result["latency_avg"], result["latency_max"] = [_typed(p) for p in parts]
        elif key == "zxid":
            try:
                result["zxid"] = int(value, 16) if value.lower().startswith("0x") else int(value)
            except ValueError:
                result["zxid"] = None
        elif key == "mode":
            result["mode"] = value.lower()
        elif key == "node count":
            result["node_count"] = _typed(value)
        elif key == "proposal sizes last/min/max":
            result["proposal_sizes"] = [_typed(p) for p in value.split("/")]
        elif key in ("received", "sent", "connections", "outstanding"):
            result[key] = _typed(value)
    if "mode" not in result or "version" not in result:
        raise ProbeError("the answer is not a srvr report (no Mode or Zookeeper version line): %r" % (text[:200],))
    return result


def parse_mntr(text: str) -> Dict[str, Any]:
    """The ``mntr`` answer as a dict of typed values (int, float or str), keys as sent (zk_*).

    zk_version stays a string; zk_server_state, zk_peer_state ('leading -
    broadcast'), zk_followers, zk_synced_followers, zk_pending_syncs are there
    when the server reports them. Raises ProbeError for text that is not a mntr answer.
    """
    if _NOT_SERVING in (text or ""):
        return {"zk_server_state": None, "serving": False}
    result = {}
    for line in (text or "").splitlines():
        if "\t" not in line:
            continue
        key, value = line.split("\t", 1)
        key = key.strip()
        if not key.startswith("zk_"):
            continue
        result[key] = value.strip() if key in ("zk_version", "zk_server_state", "zk_peer_state") else _typed(value)
    if "zk_server_state" not in result:
        raise ProbeError("the answer is not a mntr report (no zk_server_state): %r" % ((text or "")[:200],))
    return result


def _empty_status(address):
    return {"address": address, "reachable": False, "mode": None, "version": None, "zxid": None,
            "node_count": None, "outstanding": None, "connections": None, "latency_min": None,
            "latency_avg": None, "latency_max": None, "followers": None, "synced_followers": None,
            "pending_syncs": None, "peer_state": None, "error": None}


def _status_4lw(status, host, port, timeout, ssl_context=None):
    srvr = parse_srvr(four_letter_word(host, port, "srvr", timeout, ssl_context))
    status["reachable"] = True
    if not srvr.get("serving", True):
        status["error"] = ("%s is running but not serving requests (no quorum, or a leader election is under way)"
                           % status["address"])
        return
    status.update(mode=srvr.get("mode"), version=srvr.get("version"), zxid=srvr.get("zxid"),
                  node_count=srvr.get("node_count"), outstanding=srvr.get("outstanding"),
                  connections=srvr.get("connections"), latency_min=srvr.get("latency_min"),
                  latency_avg=srvr.get("latency_avg"), latency_max=srvr.get("latency_max"))
    if status["mode"] == "leader":
        mntr = parse_mntr(four_letter_word(host, port, "mntr", timeout, ssl_context))
        _leader_numbers(status, mntr.get("zk_learners", mntr.get("zk_followers")),
                        mntr.get("zk_synced_followers"), mntr.get("zk_pending_syncs"), mntr.get("zk_peer_state"))


def _leader_numbers(status, followers, synced, pending, peer_state):
    status.update(followers=followers, synced_followers=synced, pending_syncs=pending, peer_state=peer_state)


def _status_admin(status, host, admin_port, timeout, ssl_context=None):
    try:
        stats = admin_command(host, admin_port, "server_stats", timeout, ssl_context)
    except UnreachableError:
        raise
    except ProbeError as exc:
        if _NOT_SERVING in str(exc):
            status["reachable"] = True
            status["error"] = ("%s is running but not serving requests (no quorum, or a leader election is under "
                               "way)" % status["address"])
            return
        raise
    status["reachable"] = True
    server = stats.get("server_stats") or {}
    status.update(mode=(server.get("server_state") or "").lower() or None,
                  version=_short_version(stats.get("version")),
                  zxid=server.get("last_processed_zxid"), node_count=stats.get("node_count"),
                  outstanding=server.get("outstanding_requests"),
                  connections=server.get("num_alive_client_connections"), latency_min=server.get("min_latency"),
                  latency_avg=server.get("avg_latency"), latency_max=server.get("max_latency"))
    if status["mode"] == "leader":
        monitor = admin_command(host, admin_port, "monitor", timeout, ssl_context)
        _leader_numbers(status, monitor.get("learners", monitor.get("followers")), monitor.get("synced_followers"),
                        monitor.get("pending_syncs"), monitor.get("peer_state"))


def server_status(address: str, method: str = "4lw", admin_port: int = DEFAULT_ADMIN_PORT,
                  timeout: float = 5.0, tls_address: Optional[str] = None, ssl_context=None,
                  admin_https: bool = False) -> Dict[str, Any]:
    """One server's state, never raising for a server's fault.

    Returns {address, reachable, mode, version, zxid, node_count, outstanding
    (requests queued), connections (client connections), latency_min/avg/max
    (ms, since the server started or its stats were reset), followers,
    synced_followers, pending_syncs, peer_state, error}. method '4lw' asks
    ``srvr`` (and ``mntr`` on the leader, for the synced followers); method
    'admin' asks the AdminServer on ``admin_port`` (``server_stats``, and
    ``monitor`` on the leader). A refused four-letter word is an error of a
    reachable server, not "unreachable"; so is a failed TLS handshake.

    ``tls_address`` ('host:secureClientPort'): method '4lw' asks there over TLS
    with ``ssl_context`` instead of at ``address``; the status stays keyed by
    ``address``. ``admin_https``: method 'admin' uses https with ``ssl_context``.
    """
    status = _empty_status(address)
    try:
        if method not in ("4lw", "admin"):
            raise ProbeError("method must be 4lw or admin, got %r" % (method,))
        host, port = split_address(address)
        if method == "4lw" and tls_address:
            if ssl_context is None:
                raise ProbeError("%s is to be asked over TLS at %s but no TLS context (CA file) was given"
                                 % (address, tls_address))
            host, port = split_address(tls_address)
        if method == "admin" and admin_https and ssl_context is None:
            raise ProbeError("admin_https needs a TLS context (CA file) to ask the AdminServer of %s" % address)
    except ProbeError as exc:
        status["error"] = str(exc)
        return status
    try:
        if method == "4lw":
            _status_4lw(status, host, port, timeout, ssl_context if tls_address else None)
        else:
            _status_admin(status, host, int(admin_port), timeout, ssl_context if admin_https else None)
    except NotWhitelistedError as exc:
        status["reachable"] = True
        status["error"] = str(exc)
    except UnreachableError as exc:
        status["reachable"] = False
        status["error"] = str(exc)
    except ProbeError as exc:
        status["reachable"] = True  # it answered, but not as a ZooKeeper server should
        status["error"] = str(exc)
    return status
