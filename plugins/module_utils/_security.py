# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""TLS and SASL of a ZooKeeper server, phase by phase: the one place that knows them.

A running ensemble cannot switch TLS or SASL on in one restart: a server that
requires TLS (or SASL) from its peers cannot talk to one that does not speak
it yet. ZooKeeper's documented way is three rolling restarts per feature,
each phase understood by servers of the phase before and after it:

  TLS  0 plaintext
       1 stores, secureClientPort, portUnification=true, sslQuorum=false
       2 sslQuorum=true (portUnification still on)
       3 portUnification off; the plaintext client port on 127.0.0.1 only
  SASL 0 none
       1 quorum.auth.enableSasl=true, learner/serverRequireSasl=false; client SASL accepted
       2 quorum.auth.learnerRequireSasl=true
       3 quorum.auth.serverRequireSasl=true; clients must authenticate (enforce.auth)

``settings`` gives the zoo.cfg keys of a phase pair, ``phase_of`` reads the
phase back from a zoo.cfg, and ``steps`` plans the walk from what the servers
run to the target (and resumes a walk a stopped run left half done).

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any, Dict, List, Optional, Tuple

FINAL = 3
FEATURES = ("tls", "sasl")
NETTY_FACTORY = "org.apache.zookeeper.server.NettyServerCnxnFactory"
SASL_PROVIDER = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
# authProvider.<name>: the role's own name, so that a user's authProvider.1 stays theirs.
SASL_PROVIDER_KEY = "authProvider.sasl"
LOOPBACK = "127.0.0.1"

# Every zoo.cfg key ``settings`` may write: zookeeper_extra_config must not set them.
MANAGED_KEYS = (
    "serverCnxnFactory", "secureClientPort", "clientPortAddress", "ssl.keyStore.location",
    "ssl.trustStore.location", "ssl.clientAuth", "ssl.quorum.keyStore.location", "ssl.quorum.trustStore.location",
    "ssl.quorum.hostnameVerification", "sslQuorum", "portUnification", "sslQuorumReloadCertFiles",
    "client.certReload", SASL_PROVIDER_KEY, "superUser", "quorum.auth.enableSasl",
    "quorum.auth.learnerRequireSasl", "quorum.auth.serverRequireSasl", "enforce.auth.enabled",
    "enforce.auth.schemes",
)


def _phase(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= FINAL:
        raise ValueError("%s phase must be a whole number from 0 to %d, got %r" % (what, FINAL, value))
    return value


def settings(tls: int, sasl: int, secure_client_port: Optional[int] = None, keystore: str = "",
             truststore: str = "", client_auth: str = "need", super_user: str = "super",
             reconfig_auth: bool = False) -> Dict[str, Any]:
    """The zoo.cfg keys of a server in TLS phase ``tls`` and SASL phase ``sasl`` (None = leave the key out).

    ``keystore``/``truststore``: the PEM stores as the server sees them (a
    container path in docker). ``reconfig_auth``: load the SASL provider and
    the super user even without SASL (dynamic reconfiguration needs an
    authenticated super user; its password lives in the JAAS file).
    """
    tls, sasl = _phase(tls, "TLS"), _phase(sasl, "SASL")
    out = dict((key, None) for key in MANAGED_KEYS)
    if tls >= 1:
        out.update({
            "serverCnxnFactory": NETTY_FACTORY,
            "secureClientPort": secure_client_port,
            "ssl.keyStore.location": keystore,
            "ssl.trustStore.location": truststore,
            "ssl.clientAuth": client_auth,
            "ssl.quorum.keyStore.location": keystore,
            "ssl.quorum.trustStore.location": truststore,
            "ssl.quorum.hostnameVerification": True,
            # Rotation without a restart: new files moved into place are served (3.8.1+).
            "sslQuorumReloadCertFiles": True,
            "client.certReload": True,
            # Written in phase 1 too (false), so that the phase can be read back.
            "sslQuorum": tls >= 2,
            "portUnification": True if tls in (1, 2) else None,
        })
    if tls == FINAL:
        # Local tools only (ZOOKEEPER-4276: a TLS-only client port breaks with dynamic reconfig on 3.8/3.9).
        out["clientPortAddress"] = LOOPBACK
    if sasl >= 1 or reconfig_auth:
        out[SASL_PROVIDER_KEY] = SASL_PROVIDER
        # ZooKeeper turns an unknown key into the system property zookeeper.<key>: a name, never a secret.
        out["superUser"] = super_user
    if sasl >= 1:
        out.update({
            "quorum.auth.enableSasl": True,
            "quorum.auth.learnerRequireSasl": sasl >= 2,
            "quorum.auth.serverRequireSasl": sasl >= 3,
        })
    if sasl == FINAL:
        out["enforce.auth.enabled"] = True
        out["enforce.auth.schemes"] = "sasl"
    return out


def jvm_flags(tls: int, sasl: int, jaas_file: str = "", reconfig_auth: bool = False) -> List[str]:
    """JVM flags of a server in these phases: paths and switches only, never a secret."""
    flags = []
    if (_phase(sasl, "SASL") >= 1 or reconfig_auth) and jaas_file:
        flags.append("-Djava.security.auth.login.config=%s" % jaas_file)
    if _phase(tls, "TLS") >= 1 or sasl >= 1:
        # 3.9 defaults to FIPS mode, which skips quorum hostname verification and
        # (from 3.9.4/3.8.5) refuses DIGEST-MD5. Harmless on 3.8.0.
        flags.append("-Dzookeeper.fips-mode=false")
    return flags


def _true(value):
    return str(value).strip().lower() == "true"


def phase_of(config: Dict[str, Any]) -> Dict[str, int]:
    """{tls, sasl}: the phases a zoo.cfg (as a key -> value dict) puts its server in."""
    config = config or {}
    if _true(config.get("sslQuorum")):
        tls = 2 if _true(config.get("portUnification")) else 3
    else:
        tls = 1 if _true(config.get("portUnification")) else 0
    if _true(config.get("quorum.auth.serverRequireSasl")):
        sasl = 3
    elif _true(config.get("quorum.auth.learnerRequireSasl")):
        sasl = 2
    else:
        sasl = 1 if _true(config.get("quorum.auth.enableSasl")) else 0
    return {"tls": tls, "sasl": sasl}


def _feature_steps(feature, servers, target):
    """(phases to apply in order, problem or None) of one feature."""
    disks = sorted(set(s["phase"][feature] for s in servers))
    if not disks:
        return [target], None, False
    low, high = disks[0], disks[-1]
    if high - low > 1:
        return [], ("%s phases %s are written for different servers (%s): more than one phase apart, so no "
                    "rolling restart can join them" % (feature.upper(), "/".join(str(d) for d in disks),
                                                       ", ".join("%s: %d" % (s["client"], s["phase"][feature])
                                                                 for s in servers))), False
    resume = any(s.get("stale") for s in servers) or low != high
    # A half-done step: finish it first (every server of it runs this phase or its neighbour).
    start = (high if target >= high else low) if resume else low
    walk = [start]
    step = 1 if target > start else -1
    while walk[-1] != target:
        walk.append(walk[-1] + step)
    return walk, None, resume


def steps(servers: List[Dict[str, Any]], target: Dict[str, int], downgrade: bool = False,
          limit: int = 0) -> Dict[str, Any]:
    """The phases to walk from what the servers run to ``target``.

    ``servers``: [{client, phase: {tls, sasl} of its zoo.cfg on disk, stale:
    true when its process started before those files were written}] of the
    RUNNING servers. Returns {steps: [{tls, sasl}, ...] (the first one is where
    the ensemble stands, possibly a half-done step to finish; the last is the
    target), resume: the first step is half done, run: the steps this run
    applies (the half-done one, then at most ``limit`` more when ``limit`` > 0),
    final: the phases this run ends in (its last step), current: {tls, sasl}
    lowest phase written, downgrade: bool, problems: [...]}. A walk down
    (turning security off) is a problem unless ``downgrade``.
    """
    problems = []
    walks = {}
    going_down = []
    resume = False
    for feature in FEATURES:
        goal = _phase(int(target.get(feature, 0)), feature.upper())
        walk, problem, half_done = _feature_steps(feature, servers, goal)
        resume = resume or half_done
        if problem:
            problems.append(problem)
            walk = [goal]
        if len(walk) > 1 and walk[-1] < walk[0]:
            going_down.append("%s from phase %d to %d" % (feature.upper(), walk[0], walk[-1]))
        walks[feature] = walk
    if going_down and not downgrade:
        problems.append("the servers run with more security than asked (%s): turning it off is refused unless "
                        "zookeeper_security_downgrade is true" % "; ".join(going_down))
    length = max(len(w) for w in walks.values())
    plan = [dict((f, walks[f][min(i, len(walks[f]) - 1)]) for f in FEATURES) for i in range(length)]
    current = dict((f, min([s["phase"][f] for s in servers] or [walks[f][0]])) for f in FEATURES)
    forward = plan[1:1 + limit] if limit and limit > 0 else plan[1:]
    run = ([plan[0]] if resume else []) + forward
    return {"steps": plan, "resume": resume, "run": run, "final": run[-1] if run else plan[0],
            "current": current, "downgrade": bool(going_down), "problems": problems}


def _jaas_quote(value):
    """A JAAS string literal: backslash and double quote escaped (Java's StreamTokenizer reads them back)."""
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


def jaas(server_users: Optional[Dict[str, str]] = None, quorum: Optional[Tuple[str, str]] = None,
         client: Optional[Tuple[str, str]] = None) -> str:
    """A JAAS login configuration: Server (client logins the server accepts),
    QuorumServer/QuorumLearner (the quorum's shared login), Client (a tool's login)."""
    module = "org.apache.zookeeper.server.auth.DigestLoginModule required"
    sections = []

    def section(name, pairs):
        body = "".join("\n  %s=%s" % (key, _jaas_quote(value)) for key, value in pairs)
        sections.append("%s {\n  %s%s;\n};\n" % (name, module, body))

    if server_users:
        section("Server", [("user_%s" % name, password) for name, password in sorted(server_users.items())])
    if quorum:
        section("QuorumServer", [("user_%s" % quorum[0], quorum[1])])
        section("QuorumLearner", [("username", quorum[0]), ("password", quorum[1])])
    if client:
        section("Client", [("username", client[0]), ("password", client[1])])
    return "\n".join(sections)
