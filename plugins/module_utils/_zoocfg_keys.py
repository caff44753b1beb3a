# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What zoo.cfg keys ZooKeeper knows and what values they take.

The known keys and prefixed families, the kinds of value (whole numbers, ports,
true/false, yes/no, four-letter words), the check of one key's value and the
known key a misspelt one was probably meant to be.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re
from typing import Any, List, Optional, Tuple

# The zoo.cfg keys of the ZooKeeper 3.8/3.9 administrator's guide (and the keys
# QuorumPeerConfig reads itself). Indexed keys (server.N, group.N, weight.N,
# authProvider.X) and prefixed families (ssl., zookeeper., ...) are below.
KNOWN_KEYS = frozenset((
    # minimum configuration
    "tickTime", "dataDir", "clientPort", "secureClientPort", "observerMasterPort",
    # advanced configuration
    "dataLogDir", "clientPortAddress", "secureClientPortAddress", "maxClientCnxns", "maxCnxns",
    "minSessionTimeout", "maxSessionTimeout", "autopurge.snapRetainCount", "autopurge.purgeInterval",
    "globalOutstandingLimit", "preAllocSize", "snapCount", "snapSizeLimitInKb", "commitLogCount",
    "txnLogSizeLimitInKb", "fsync.warningthresholdms", "maxResponseCacheSize",
    "maxGetChildrenResponseCacheSize", "syncEnabled", "extendedTypesEnabled", "emulate353TTLNodes",
    "watchManagerName", "watcherCleanThreadsNum", "watcherCleanThreshold",
    "watcherCleanIntervalInSeconds", "maxInProcessingDeadWatchers", "bitHashCacheSize",
    "fastleader.minNotificationInterval", "fastleader.maxNotificationInterval",
    "connectionMaxTokens", "connectionTokenFillTime", "connectionTokenFillCount",
    "connectionFreezeTime", "connectionDropIncrease", "connectionDropDecrease",
    "connectionDecreaseRatio", "clientPortListenBacklog", "serverCnxnFactory", "flushDelay", "superUser",
    "maxWriteQueuePollTime", "maxBatchSize", "requestThrottleLimit", "requestThrottleStallTime",
    "requestThrottleDropStale", "requestStaleLatencyCheck", "requestStaleConnectionCheck",
    "advancedFlowControlEnabled", "enableEagerACLCheck", "maxConcurrentSnapSyncs",
    "maxConcurrentDiffSyncs", "digest.enabled", "snapshot.trust.empty", "snapshot.compression.method",
    "audit.enable", "audit.impl.class", "largeRequestMaxBytes", "largeRequestThreshold",
    "outstandingHandshake.limit", "throttledOpWaitTime", "learner.closeSocketAsync",
    "leader.closeSocketAsync", "learner.asyncSending", "traceFile",
    # cluster options
    "initLimit", "syncLimit", "electionAlg", "maxTimeToWaitForEpoch", "connectToLearnerMasterLimit",
    "leaderServes", "cnxTimeout", "quorumCnxnTimeoutMs", "standaloneEnabled", "reconfigEnabled",
    "dynamicConfigFile", "4lw.commands.whitelist", "tcpKeepAlive", "clientTcpKeepAlive",
    "electionPortBindRetry", "observer.reconnectDelayMs", "observer.election.DelayMs",
    "localSessionsEnabled", "localSessionsUpgradingEnabled", "peerType", "quorumListenOnAllIPs",
    "multiAddress.enabled", "multiAddress.reachabilityCheckTimeoutMs",
    "multiAddress.reachabilityCheckEnabled", "quorum.cnxn.threads.size",
    # encryption, authentication, authorization
    "DigestAuthenticationProvider.superDigest", "X509AuthenticationProvider.superUser", "sslQuorum",
    "sslQuorumReloadCertFiles", "client.certReload", "portUnification", "client.portUnification",
    "authProvider", "kerberos.removeHostFromPrincipal", "kerberos.removeRealmFromPrincipal",
    "enforce.auth.enabled", "enforce.auth.schemes", "sessionRequireClientSASLAuth",
    # unsafe options
    "forceSync", "jute.maxbuffer", "jute.maxbuffer.extrasize", "skipACL", "readonlymode.enabled",
    # AdminServer
    "admin.enableServer", "admin.serverAddress", "admin.serverPort", "admin.idleTimeout",
    "admin.commandURL", "admin.portUnification", "admin.forceHttps", "admin.needClientAuth",
    "admin.snapshot.enabled", "admin.restore.enabled", "admin.rateLimiterIntervalInMS",
    # metrics
    "metricsProvider.className", "metricsProvider.httpHost", "metricsProvider.httpPort",
    "metricsProvider.exportJvmInfo",
))

# Families whose members are open-ended (TLS settings, system properties, metrics provider options).
KNOWN_PREFIXES = ("ssl.", "ssl.quorum.", "quorum.auth.", "zookeeper.", "metricsProvider.")

# Indexed keys: server.N, group.N (quorum groups), weight.N take a number; authProvider.X any name.
INDEXED_KEY = re.compile(r"^(server|group|weight)\.(\d+)$")
_AUTH_PROVIDER = re.compile(r"^authProvider\.[^.\s]+$")
_INDEXED_PREFIXES = ("server", "group", "weight")

# The common keys first, in this order; other keys follow sorted.
CANONICAL_ORDER = (
    "tickTime", "initLimit", "syncLimit", "dataDir", "dataLogDir", "clientPort", "clientPortAddress",
    "secureClientPort", "secureClientPortAddress", "maxClientCnxns", "minSessionTimeout",
    "maxSessionTimeout", "autopurge.snapRetainCount", "autopurge.purgeInterval", "standaloneEnabled",
    "reconfigEnabled", "dynamicConfigFile", "4lw.commands.whitelist", "admin.enableServer",
    "admin.serverAddress", "admin.serverPort", "metricsProvider.className", "metricsProvider.httpHost",
    "metricsProvider.httpPort", "metricsProvider.exportJvmInfo",
)

# Keys whose value must be a whole number, with the smallest sensible value.
INTEGER_KEYS = {
    "tickTime": 1, "initLimit": 1, "syncLimit": 1, "maxClientCnxns": 0, "maxCnxns": 0,
    "minSessionTimeout": -1, "maxSessionTimeout": -1, "autopurge.snapRetainCount": 3,
    "autopurge.purgeInterval": 0, "globalOutstandingLimit": 1, "preAllocSize": 1, "snapCount": 2,
    "snapSizeLimitInKb": -1, "commitLogCount": 1, "txnLogSizeLimitInKb": -1, "electionAlg": 3,
    "cnxTimeout": 1, "electionPortBindRetry": 0, "connectToLearnerMasterLimit": 1,
    "admin.idleTimeout": 1, "clientPortListenBacklog": -1, "maxTimeToWaitForEpoch": 1,
}
PORT_KEYS = ("clientPort", "secureClientPort", "observerMasterPort", "admin.serverPort",
             "metricsProvider.httpPort")
# Keys ZooKeeper reads as true/false (anything else is an error or silently false).
BOOLEAN_KEYS = frozenset((
    "standaloneEnabled", "reconfigEnabled", "admin.enableServer", "syncEnabled", "quorumListenOnAllIPs",
    "localSessionsEnabled", "localSessionsUpgradingEnabled", "sslQuorum", "portUnification",
    "client.portUnification", "metricsProvider.exportJvmInfo", "tcpKeepAlive", "clientTcpKeepAlive",
    "multiAddress.enabled", "digest.enabled", "audit.enable", "admin.portUnification",
    "admin.forceHttps", "admin.needClientAuth", "snapshot.trust.empty", "sslQuorumReloadCertFiles",
    "multiAddress.reachabilityCheckEnabled",
))
# Keys ZooKeeper reads as yes/no: forceSync=false does NOT turn fsync off, only forceSync=no does.
YES_NO_KEYS = frozenset(("forceSync", "leaderServes", "skipACL"))

FOUR_LETTER_WORDS = frozenset((
    "conf", "cons", "crst", "dump", "envi", "ruok", "srst", "srvr", "stat", "wchs", "wchc", "wchp",
    "dirs", "mntr", "isro", "hash", "gtmk", "stmk",
))

# A server's role (server.N=...:observer, peerType=observer).
SERVER_ROLES = ("participant", "observer")


def is_known_key(key: str) -> bool:
    """True for a key ZooKeeper reads (known, indexed or of a known family)."""
    if key in KNOWN_KEYS or INDEXED_KEY.match(key) or _AUTH_PROVIDER.match(key):
        return True
    return any(key.startswith(prefix) and len(key) > len(prefix) for prefix in KNOWN_PREFIXES)


def suggest_key(key: str) -> Optional[str]:
    """The known key ``key`` was probably meant to be, or None."""
    match = re.match(r"^([^.]+)\.(\d+)$", key)
    if match:
        close = difflib.get_close_matches(match.group(1).lower(), _INDEXED_PREFIXES, 1, 0.6)
        if close:
            return "%s.%s" % (close[0], match.group(2))
    lowered = dict((known.lower(), known) for known in KNOWN_KEYS)
    if key.lower() in lowered:
        return lowered[key.lower()]
    close = difflib.get_close_matches(key.lower(), list(lowered), 1, 0.75)
    return lowered[close[0]] if close else None


def format_value(key: str, value: Any) -> str:
    """The zoo.cfg text of a setting's value: true/false (yes/no where ZooKeeper reads those), lists joined."""
    if isinstance(value, bool):
        if key in YES_NO_KEYS:
            return "yes" if value else "no"
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v).strip() for v in value)
    return str(value)


def setting_order(key: str) -> Tuple[int, int, str]:
    """Sort key of a setting: the common keys first in CANONICAL_ORDER, the others by name after them."""
    if key in CANONICAL_ORDER:
        return (0, CANONICAL_ORDER.index(key), key)
    return (1, 0, key)


def value_issues(key: str, value: Any) -> List[Tuple[str, str, str]]:
    """What is wrong with one known key's value, as (what, why, fix) triples.

    ``what`` says what the value is ("is 0", "lists 'stst'"), ``why`` why it is
    wrong ("below its minimum 1") and ``fix`` what to write instead ("set it to
    1 or more"): callers name the key (or the variable that set it) in front.
    """
    issues = []
    text = format_value(key, value) if not isinstance(value, str) else value.strip()
    if key in INTEGER_KEYS or key in PORT_KEYS:
        if not re.match(r"^-?\d+$", text):
            fix = ("write a port from 1 to 65535" if key in PORT_KEYS
                   else "write a whole number, %d or more" % INTEGER_KEYS[key])
            issues.append(("is %r" % text, "not a whole number", fix))
        elif key in PORT_KEYS and not 1 <= int(text) <= 65535:
            issues.append(("is %s" % text, "not a port from 1 to 65535", "pick a free port in that range"))
        elif key in INTEGER_KEYS and int(text) < INTEGER_KEYS[key]:
            issues.append(("is %s" % text, "below its minimum %d" % INTEGER_KEYS[key],
                           "set it to %d or more" % INTEGER_KEYS[key]))
    elif key in BOOLEAN_KEYS:
        if text.lower() not in ("true", "false"):
            issues.append(("is %r" % text, "not true or false", "write true or false"))
    elif key in YES_NO_KEYS:
        if text not in ("yes", "no"):
            issues.append(("is %r" % text, "but ZooKeeper reads only yes or no here (%s=false is NOT 'no')" % key,
                           "write yes or no"))
    elif key == "peerType":
        if text not in SERVER_ROLES:
            issues.append(("is %r" % text, "not a peer type", "write participant or observer"))
    elif key == "4lw.commands.whitelist":
        for word in [w.strip() for w in text.split(",")]:
            if word == "*" or word in FOUR_LETTER_WORDS:
                continue
            close = difflib.get_close_matches(word, sorted(FOUR_LETTER_WORDS), 1, 0.5)
            issues.append(("lists %r" % word, "which is not a four-letter word",
                           "did you mean %r?" % close[0] if close
                           else "list only %s (or *)" % ", ".join(sorted(FOUR_LETTER_WORDS))))
    return issues


def check_value(key: str, value: Any, where: str = "") -> List[str]:
    """Problems with one known key's value; ``where`` (' on line 3') follows the key in each."""
    return ["%s%s %s, %s; %s" % (key, where, what, why, fix) for what, why, fix in value_issues(key, value)]
