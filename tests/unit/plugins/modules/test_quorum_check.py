# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""quorum_check's TLS options: what it refuses before asking any server, and the error text."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.zkops.ensemble.plugins.modules import quorum_check

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", ".."))
import secure_pki  # noqa: E402  pylint: disable=wrong-import-position
from local_servers import closed_port  # noqa: E402  pylint: disable=wrong-import-position


def _run(capsys, **args):
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            quorum_check.main()
    result = json.loads(capsys.readouterr().out)
    assert bool(info.value.code) == bool(result.get("failed"))
    return bool(result.get("failed")), result


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return secure_pki.make_pki(str(tmp_path_factory.mktemp("pki")))


@pytest.mark.parametrize("args, fragments", [
    ({"tls_servers": {"zk9:2181": "zk9:2281"}}, ["tls_servers names zk9:2181, which is not in servers"]),
    ({"tls_servers": {"zk1:2181": "zk1:99999"}}, ["tls_servers[zk1:2181]", "not a number from 1 to 65535"]),
    ({"tls_servers": {"zk1:2181": "zk1:2281"}}, ["tls_servers needs tls_ca_file"]),
    ({"method": "admin", "admin_https": True}, ["admin_https needs tls_ca_file"]),
    ({"tls_servers": {"zk1:2181": "zk1:2281"}, "tls_ca_file": "/nonexistent/ca.pem"},
     ["tls_ca_file /nonexistent/ca.pem does not exist"]),
    ({"tls_servers": {"zk1:2181": "zk1:2281"}, "tls_ca_file": "CA", "tls_key_file": "KEY"},
     ["tls_key_file is set but tls_cert_file is not"]),
    ({"tls_servers": {"zk1:2181": "zk1:2281"}, "tls_ca_file": "CA", "tls_cert_file": "CERT"},
     ["cannot load the client certificate", "or give the key in tls_key_file"]),
])
def test_tls_options_are_checked_first(capsys, pki, args, fragments):
    args = dict(args)
    for name, value in list(args.items()):
        if value == "CA":
            args[name] = pki["ca"]
        elif value == "KEY":
            args[name] = pki["client_key"]
        elif value == "CERT":
            args[name] = pki["client_cert"]  # no key in it
    failed, result = _run(capsys, servers=["zk1:2181"], **args)
    assert failed
    for fragment in fragments:
        assert fragment in result["msg"]
    assert "leader" not in result  # refused before any server was asked


def test_tls_files_are_ignored_without_tls_servers(capsys, pki):
    port = closed_port()
    failed, result = _run(capsys, servers=["127.0.0.1:%d" % port], tls_ca_file="/nonexistent/ca.pem", timeout=1)
    assert failed and result["servers"][0]["reachable"] is False  # asked in plaintext, as before


def test_tls_server_keyed_by_the_given_address(capsys, pki):
    tls_port = closed_port()
    failed, result = _run(capsys, servers=["127.0.0.1:2181"], tls_servers={"127.0.0.1:2181": "127.0.0.1:%d" % tls_port},
                          tls_ca_file=pki["ca"], tls_cert_file=pki["server"], timeout=1)
    assert failed
    status = result["servers"][0]
    assert status["address"] == "127.0.0.1:2181"
    assert "cannot connect to 127.0.0.1:%d" % tls_port in status["error"]
