"""The collection's clients against a real TLS (ssl.clientAuth=need) + SASL-enforcing 3-server ensemble.

One ensemble for the whole module: servers listen with a secureClientPort (PEM key and trust stores made
by tests/secure_pki.py), require SASL DIGEST-MD5 (enforce.auth.schemes=sasl) and know the users of a
JAAS file (super is ZooKeeper's super user). quorum_check, the status playbook, zk_workload and
tools/workload.py are asked over TLS with a client certificate.
"""

import os
import subprocess
import sys

import pytest
from kazoo.client import KazooClient
from kazoo.exceptions import AuthFailedError, ConnectionLoss, NoAuthError, SessionClosedRequireSaslError
from kazoo.exceptions import SessionExpiredError
from kazoo.handlers.threading import KazooTimeoutError
from kazoo.retry import KazooRetry

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests"))
import secure_pki  # noqa: E402  pylint: disable=wrong-import-position

PASSWORDS = {"super": "super-pw-1", "app": "app-pw-2", "other": "other-pw-3"}


@pytest.fixture(scope="module")
def secure(tmp_path_factory):
    """(ensemble, pki): a 3-server TLS + SASL ensemble, and the certificate files."""
    base = tmp_path_factory.mktemp("secure")
    pki = secure_pki.make_pki(str(base / "pki"))
    jaas = secure_pki.write_jaas(str(base / "pki" / "jaas.conf"), PASSWORDS)
    from conftest import _start, WHITELIST  # pylint: disable=import-outside-toplevel
    ens = _start(base / "ensemble", servers=3, whitelist=WHITELIST, secure=True,
                 extra_settings=secure_pki.secure_settings(pki), jvm_flags=secure_pki.secure_jvm_flags(jaas))
    yield ens, pki
    ens.stop(timeout=5)


def _kazoo(ens, pki, user=None, cert=True, timeout=15):
    options = {}
    if user:
        options["sasl_options"] = {"mechanism": "DIGEST-MD5", "username": user, "password": PASSWORDS[user]}
    client = KazooClient(hosts=",".join(ens.secure_address(sid) for sid in ens.ids()), timeout=10, use_ssl=True,
                         ca=pki["ca"], certfile=pki["server"] if cert else None,
                         keyfile=pki["server"] if cert else None, verify_certs=True,
                         connection_retry=KazooRetry(max_tries=2, delay=0.2), **options)
    client.start(timeout=timeout)
    return client


def _close(client):
    client.stop()
    client.close()


def test_quorum_check_over_tls_with_a_client_certificate(secure, run_module):
    ens, pki = secure
    run = run_module("quorum_check", {"servers": ens.addresses(), "tls_servers": ens.tls_servers(),
                                      "tls_ca_file": pki["ca"], "tls_cert_file": pki["server"],
                                      "expected_size": 3, "require": "all_synced"})
    assert run.rc == 0, run
    assert run.result["healthy"] is True and run.result["synced_followers"] == 2
    assert run.result["leader"] in ens.addresses()  # keyed by the addresses given in servers
    assert [s["address"] for s in run.result["servers"]] == ens.addresses()
    assert run.result["safe_to_restart"][-1] == run.result["leader"]


def test_quorum_check_without_a_client_certificate_names_the_tls_failure(secure, run_module):
    ens, pki = secure
    run = run_module("quorum_check", {"servers": ens.addresses(), "tls_servers": ens.tls_servers(),
                                      "tls_ca_file": pki["ca"], "require": "quorum"})
    assert run.rc != 0, run
    for status, sid in zip(run.result["servers"], ens.ids()):
        assert status["reachable"] is True  # it answered the handshake: failing, not unreachable
        assert status["error"].startswith("TLS handshake with %s failed: " % ens.secure_address(sid)), status
    assert run.result["problems"][0].startswith("%s: TLS handshake with" % ens.address(1))


def test_quorum_check_with_a_foreign_ca_says_certificate_verify_failed(secure, run_module):
    ens, pki = secure
    run = run_module("quorum_check", {"servers": ens.addresses()[:1],
                                      "tls_servers": {ens.address(1): ens.secure_address(1)},
                                      "tls_ca_file": pki["other_ca"], "tls_cert_file": pki["server"], "require": "leader"})
    assert run.rc != 0, run
    assert "certificate verify failed" in run.result["servers"][0]["error"]


def test_status_playbook_over_tls(secure, run_playbook):
    ens, pki = secure
    rc, output = run_playbook("playbooks/status.yml", {
        "zookeeper_servers": ens.addresses(), "zookeeper_expected_size": 3,
        "zookeeper_status_tls_servers": ens.tls_servers(), "zookeeper_tls_client_ca_file": pki["ca"],
        "zookeeper_tls_client_cert_file": pki["client_cert"], "zookeeper_tls_client_key_file": pki["client_key"]})
    assert rc == 0, output
    assert "TLS handshake" not in output
    assert any(ens.address(1) in line and "3.8.0" in line for line in output.splitlines()), output
    assert "'healthy': True" in output or '"healthy": true' in output or "healthy: true" in output.lower(), output


def test_workload_module_with_tls_sasl_and_a_user_only_acl(secure, run_module):
    ens, pki = secure
    path = "/zkops-secure/module-run"
    run = run_module("zk_workload", {"servers": [ens.secure_address(sid) for sid in ens.ids()], "path": path,
                                     "rate": 20, "duration": 2, "tls_ca_file": pki["ca"],
                                     "tls_cert_file": pki["server"], "sasl_user": "app",
                                     "sasl_password": PASSWORDS["app"], "acl_user_only": True})
    assert run.rc == 0, run
    report = run.result["report"]
    assert report["ok"] is True and report["lost"] == 0 and report["acknowledged"] >= 20, report
    assert report["leader_poll_errors"] == 0, report["leader_poll_last_errors"]  # srvr over TLS as well
    assert report["security"] == {"tls": True, "client_certificate": True, "sasl_user": "app", "acl": "sasl:app"}
    assert PASSWORDS["app"] not in run.output  # no_log: never shown

    # The run's znodes: the app user reads them, another SASL user may not, the super user may.
    app = _kazoo(ens, pki, "app")
    try:
        child = sorted(app.get_children(path))[0]
        assert app.get("%s/%s" % (path, child))[0].startswith(b"{")
        assert [(acl.id.scheme, acl.id.id, acl.perms) for acl in app.get_acls(path)[0]] == [("sasl", "app", 31)]
    finally:
        _close(app)
    other = _kazoo(ens, pki, "other")
    try:
        with pytest.raises(NoAuthError):
            other.get("%s/%s" % (path, child))
    finally:
        _close(other)
    root = _kazoo(ens, pki, "super")
    try:
        assert root.get("%s/%s" % (path, child))[0].startswith(b"{")
    finally:
        _close(root)


def test_a_client_without_sasl_cannot_read(secure):
    ens, pki = secure
    try:
        client = _kazoo(ens, pki, None, timeout=5)
    except (KazooTimeoutError, AuthFailedError, ConnectionLoss, SessionExpiredError):
        return  # refused before any read: as good
    try:
        # enforce.auth.enabled: the server closes a session that did not authenticate with SASL
        with pytest.raises(SessionClosedRequireSaslError):
            client.get("/zkops-secure/module-run")
    finally:
        _close(client)


def test_workload_cli_reads_the_password_from_a_file_or_the_environment(secure, tmp_path):
    ens, pki = secure
    secret = tmp_path / "sasl-password"
    secret.write_text(PASSWORDS["app"] + "\n")
    base = [sys.executable, os.path.join(REPO, "tools", "workload.py"),
            "--servers", ",".join(ens.secure_address(sid) for sid in ens.ids()), "--rate", "20", "--duration", "1",
            "--leader-poll", "0", "--cleanup", "--tls-ca-file", pki["ca"], "--tls-cert-file", pki["client_cert"],
            "--tls-key-file", pki["client_key"], "--sasl-user", "app", "--acl-user-only"]
    env = dict(os.environ)
    env.pop("ZKOPS_SASL_PASSWORD", None)
    proc = subprocess.run(base + ["--sasl-password-file", str(secret), "--path", "/zkops-secure/cli-file"],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert '"lost": 0' in proc.stdout and PASSWORDS["app"] not in proc.stdout + proc.stderr
    proc = subprocess.run(base + ["--path", "/zkops-secure/cli-none"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=30, check=False)
    assert proc.returncode == 2 and "ZKOPS_SASL_PASSWORD" in proc.stderr, proc.stderr
    env["ZKOPS_SASL_PASSWORD"] = "wrong-password"
    proc = subprocess.run(base + ["--path", "/zkops-secure/cli-wrong"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)
    assert proc.returncode == 1 and "wrong-password" not in proc.stdout + proc.stderr, proc.stderr
