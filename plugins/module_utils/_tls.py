# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The TLS client side of the collection's tools: option checks and the SSLContext.

A ZooKeeper server with ``secureClientPort`` and ``ssl.clientAuth=need`` wants
a client certificate signed by its CA. The collection's tools (quorum_check,
zk_workload) take the same three files: the CA certificate (PEM) that signed
the servers' certificates, the client certificate chain (PEM, which may hold
the PKCS#8 private key after the chain) and, optionally, the key apart. The
server's host name (or IP address) is checked against its certificate's SANs.

Stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import ssl
from typing import Any, Dict, Iterable, List, Optional

# The option names of the modules; the command line and the role say their own.
OPTION_NAMES = {"ca": "tls_ca_file", "cert": "tls_cert_file", "key": "tls_key_file"}


class TlsConfigError(Exception):
    """A TLS option is missing, names a file that cannot be read, or holds no usable certificate or key."""


def _readable(path, option):
    if not os.path.exists(path):
        return "%s %s does not exist; set %s to an existing PEM file on the host that runs the task" % (
            option, path, option)
    if os.path.isdir(path):
        return "%s %s is a directory; set %s to a PEM file" % (option, path, option)
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except (IOError, OSError) as exc:
        return "%s %s cannot be read (%s); make it readable by the user that runs the task" % (
            option, path, exc.strerror or exc)
    return None


def file_problems(ca_file: Optional[str], cert_file: Optional[str] = None, key_file: Optional[str] = None,
                  names: Optional[Dict[str, str]] = None, needed_by: str = "TLS") -> List[str]:
    """What is wrong with the three files (each message names the option and the fix); [] when usable.

    ``ca_file`` is required, ``cert_file`` is optional (a server with ssl.clientAuth=none asks for
    none), ``key_file`` only goes with ``cert_file``. ``names`` maps ca/cert/key to the option names
    the caller shows (default: tls_ca_file, tls_cert_file, tls_key_file); ``needed_by`` says why TLS
    is used at all (e.g. "tls_servers").
    """
    names = dict(OPTION_NAMES, **(names or {}))
    problems = []
    if not ca_file:
        problems.append("%s needs %s: set it to the CA certificate (PEM) that signed the servers' certificates"
                        % (needed_by, names["ca"]))
    else:
        problem = _readable(ca_file, names["ca"])
        if problem:
            problems.append(problem)
    if key_file and not cert_file:
        problems.append("%s is set but %s is not; give the client certificate in %s (or the certificate and "
                        "key in one file in %s, without %s)" % (names["key"], names["cert"], names["cert"],
                                                                names["cert"], names["key"]))
    for kind, path in (("cert", cert_file), ("key", key_file)):
        if path:
            problem = _readable(path, names[kind])
            if problem:
                problems.append(problem)
    return problems


def client_context(ca_file: str, cert_file: Optional[str] = None, key_file: Optional[str] = None,
                   names: Optional[Dict[str, str]] = None, needed_by: str = "TLS") -> ssl.SSLContext:
    """A client SSLContext that trusts ``ca_file``, checks host names and presents ``cert_file``/``key_file``.

    Raises TlsConfigError naming the option and the fix when a file is missing, unreadable, or holds
    no certificate (or no key matching the certificate).
    """
    names = dict(OPTION_NAMES, **(names or {}))
    problems = file_problems(ca_file, cert_file, key_file, names, needed_by)
    if problems:
        raise TlsConfigError("; ".join(problems))
    try:
        context = ssl.create_default_context(cafile=ca_file)
    except (ssl.SSLError, ValueError) as exc:
        raise TlsConfigError("%s %s holds no usable CA certificate (%s); give the CA certificate in PEM "
                             "(-----BEGIN CERTIFICATE-----)" % (names["ca"], ca_file, exc))
    if cert_file:
        try:
            context.load_cert_chain(certfile=cert_file, keyfile=key_file or None)
        except (ssl.SSLError, ValueError) as exc:
            if key_file:
                fix = "%s must hold the PEM certificate chain and %s its matching private key" % (
                    names["cert"], names["key"])
            else:
                fix = ("%s must hold the PEM certificate chain followed by its private key (-----BEGIN PRIVATE "
                       "KEY-----), or give the key in %s" % (names["cert"], names["key"]))
            raise TlsConfigError("cannot load the client certificate %s%s (%s); %s"
                                 % (cert_file, " with the key %s" % key_file if key_file else "", exc, fix))
    return context


def map_problems(servers: Iterable[str], tls_servers: Optional[Dict[str, Any]],
                 option: str = "tls_servers") -> List[str]:
    """Keys of ``tls_servers`` that are not in ``servers``, and empty values."""
    servers = list(servers or [])
    given = tls_servers or {}
    problems = []
    unknown = sorted(set(given) - set(servers))
    if unknown:
        problems.append("%s names %s, which is not in servers (%s); key %s by the addresses exactly as written "
                        "in servers" % (option, ", ".join(unknown), ", ".join(servers), option))
    for address in sorted(given):
        value = given[address]
        if not isinstance(value, str) or not value.strip():
            problems.append("%s[%s] is %r; give the server's TLS address as host:secureClientPort, e.g. zk1:2281"
                            % (option, address, value))
    return problems
