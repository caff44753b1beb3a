# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The TLS/SASL phases: what each writes, reading them back, and the walk between them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _security as security
from ansible_collections.zkops.ensemble.plugins.module_utils._zoocfg import render, to_dict

BASE = {"tickTime": 2000, "initLimit": 10, "syncLimit": 5, "dataDir": "/data", "clientPort": 2181}
SERVERS = [{"id": i, "host": "zk%d" % i} for i in (1, 2, 3)]


def _written(tls, sasl, **kwargs):
    """The zoo.cfg a server of these phases gets, read back as ZooKeeper reads it."""
    settings = dict(BASE)
    settings.update(security.settings(tls, sasl, secure_client_port=2281, keystore="/tls/server.pem",
                                      truststore="/tls/ca.pem", **kwargs))
    return to_dict(render(settings, SERVERS))


@pytest.mark.parametrize("tls, sasl", list(itertools.product(range(4), range(4))))
def test_every_phase_reads_back_as_itself(tls, sasl):
    assert security.phase_of(_written(tls, sasl)) == {"tls": tls, "sasl": sasl}


def test_plaintext_writes_no_security_key():
    assert set(_written(0, 0)) == set(BASE) | {"server.1", "server.2", "server.3"}
    assert security.jvm_flags(0, 0, "/conf/jaas.conf") == []


@pytest.mark.parametrize("tls, expected", [
    (1, {"portUnification": "true", "sslQuorum": "false"}),
    (2, {"portUnification": "true", "sslQuorum": "true"}),
    (3, {"sslQuorum": "true", "clientPortAddress": "127.0.0.1"}),
])
def test_the_documented_quorum_tls_phases(tls, expected):
    config = _written(tls, 0)
    for key, value in expected.items():
        assert config[key] == value
    if tls == 3:
        assert "portUnification" not in config
    assert config["secureClientPort"] == "2281"
    assert config["serverCnxnFactory"] == security.NETTY_FACTORY
    assert config["ssl.quorum.hostnameVerification"] == "true"
    assert config["ssl.quorum.keyStore.location"] == "/tls/server.pem"
    assert config["sslQuorumReloadCertFiles"] == "true" and config["client.certReload"] == "true"


@pytest.mark.parametrize("sasl, learner, server, enforced", [
    (1, "false", "false", False), (2, "true", "false", False), (3, "true", "true", True),
])
def test_the_documented_quorum_sasl_phases(sasl, learner, server, enforced):
    config = _written(0, sasl)
    assert config["quorum.auth.enableSasl"] == "true"
    assert config["quorum.auth.learnerRequireSasl"] == learner
    assert config["quorum.auth.serverRequireSasl"] == server
    assert config[security.SASL_PROVIDER_KEY] == security.SASL_PROVIDER
    assert config["superUser"] == "super"
    assert ("enforce.auth.enabled" in config) is enforced


def test_no_phase_writes_a_secret_or_a_digest():
    for tls, sasl in itertools.product(range(4), range(4)):
        text = "\n".join("%s=%s" % item for item in _written(tls, sasl).items())
        text += " ".join(security.jvm_flags(tls, sasl, "/conf/jaas.conf"))
        assert "assword" not in text and "igest" not in text


def test_reconfig_gets_the_super_user_without_sasl():
    config = _written(0, 0, reconfig_auth=True)
    assert config["superUser"] == "super" and config[security.SASL_PROVIDER_KEY] == security.SASL_PROVIDER
    assert "quorum.auth.enableSasl" not in config
    assert security.jvm_flags(0, 0, "/conf/jaas.conf", reconfig_auth=True) == [
        "-Djava.security.auth.login.config=/conf/jaas.conf"]


def test_fips_mode_is_turned_off_with_any_security():
    assert "-Dzookeeper.fips-mode=false" in security.jvm_flags(1, 0)
    assert "-Dzookeeper.fips-mode=false" in security.jvm_flags(0, 1, "/j")


@pytest.mark.parametrize("bad", [-1, 4, "1", True, None])
def test_a_phase_outside_0_to_3_is_refused(bad):
    with pytest.raises(ValueError):
        security.settings(bad, 0)


def _server(client, tls, sasl, stale=False):
    return {"client": client, "phase": {"tls": tls, "sasl": sasl}, "stale": stale}


FULL = {"tls": 3, "sasl": 3}
OFF = {"tls": 0, "sasl": 0}


def test_a_plaintext_ensemble_walks_three_phases():
    result = security.steps([_server("a", 0, 0), _server("b", 0, 0)], FULL)
    assert result["steps"] == [OFF, {"tls": 1, "sasl": 1}, {"tls": 2, "sasl": 2}, FULL]
    assert result["run"] == result["steps"][1:] and result["final"] == FULL
    assert not result["resume"] and result["problems"] == []


def test_a_fresh_ensemble_goes_straight_to_the_target():
    result = security.steps([], FULL)
    assert result["steps"] == [FULL] and result["run"] == [] and result["final"] == FULL


def test_a_secure_ensemble_stays():
    result = security.steps([_server("a", 3, 3), _server("b", 3, 3)], FULL)
    assert result["steps"] == [FULL] and result["run"] == [] and not result["resume"]


def test_one_phase_per_run_when_limited():
    result = security.steps([_server("a", 1, 1)], FULL, limit=1)
    assert result["run"] == [{"tls": 2, "sasl": 2}] and result["final"] == {"tls": 2, "sasl": 2}


@pytest.mark.parametrize("servers", [
    # stopped after writing phase 2 everywhere, before restarting b
    [_server("a", 2, 2), _server("b", 2, 2, stale=True)],
    # stopped while writing phase 2: b's files are still phase 1
    [_server("a", 2, 2), _server("b", 1, 1)],
])
def test_a_half_done_step_is_finished_first(servers):
    result = security.steps(servers, FULL)
    assert result["resume"]
    assert result["run"] == [{"tls": 2, "sasl": 2}, FULL]


def test_features_walk_independently():
    result = security.steps([_server("a", 3, 0)], FULL)
    assert result["steps"] == [{"tls": 3, "sasl": 0}, {"tls": 3, "sasl": 1}, {"tls": 3, "sasl": 2}, FULL]


def test_turning_security_off_is_refused_unless_asked():
    refused = security.steps([_server("a", 3, 3)], OFF)
    assert refused["downgrade"] and any("zookeeper_security_downgrade" in p for p in refused["problems"])
    allowed = security.steps([_server("a", 3, 3)], OFF, downgrade=True)
    assert allowed["problems"] == []
    assert allowed["steps"] == [FULL, {"tls": 2, "sasl": 2}, {"tls": 1, "sasl": 1}, OFF]


def test_phases_two_apart_cannot_be_joined():
    result = security.steps([_server("a", 1, 0), _server("b", 3, 0)], FULL)
    assert any("more than one phase apart" in p and "a: 1" in p for p in result["problems"])


def test_jaas_quotes_and_sections():
    text = security.jaas({"super": 'p"w\\x'}, ("zookeeper", "q"), ("super", "c"))
    assert 'user_super="p\\"w\\\\x";' in text
    assert "QuorumServer {" in text and 'user_zookeeper="q";' in text
    assert 'QuorumLearner {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username="zookeeper"\n' \
           '  password="q";\n};' in text
    assert "Client {" in text
    assert security.jaas({"super": "s"}).count("{") == 1
