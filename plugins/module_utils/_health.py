# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a set of server statuses (probe.server_status) means for the ensemble.

``assess`` finds the leader, the followers and observers, how many voters
serve, how many more may fail (majority arithmetic from _quorum.py) and which
servers may be restarted now; ``meets`` says whether a required state holds;
``wait_for`` retries until it does. Pure functions, importable without
AnsibleModule; the probe and the sleep are injected.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import Any, Callable, Dict, List, Optional, Tuple

from ansible_collections.zkops.ensemble.plugins.module_utils._probe import SERVING_MODES
from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    has_quorum,
    quorum_size,
    remaining_failures,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words

LEADING_MODES = ("leader", "standalone")
REQUIREMENTS = ("any", "leader", "quorum", "all_synced")


def _serving(status):
    return bool(status.get("reachable")) and status.get("mode") in SERVING_MODES


def assess(statuses: List[Dict[str, Any]], expected_size: Optional[int] = None) -> Dict[str, Any]:
    """The ensemble's state from per-server statuses.

    Returns a dict:
      leader            address of the leader (or of the standalone server), None if none or several
      leaders           every server reporting leader/standalone (more than one is a problem)
      standalone        True when the serving server runs in standalone mode
      followers         addresses of serving followers, in the order given
      observers         addresses of serving observers
      synced_followers  the COUNT of followers the leader reports in sync (mntr zk_synced_followers
                        / AdminServer monitor synced_followers): the leader reports a number, not
                        names; None when the leader could not be asked (no leader, mntr refused)
      unreachable       addresses that did not answer
      answered          addresses that answered (even with an error)
      voters            expected_size when given, else the servers not reporting observer (raised to
                        voters_up if the leader reports more synced voters than that)
      voters_up         voters in the quorum: the leader plus its synced followers (the followers
                        seen serving when the leader's count is unknown); 0 without a leader
      quorum_size       majority of voters (quorum.quorum_size)
      can_lose          how many more voters may fail now (quorum.remaining_failures)
      safe_to_restart   servers that may be restarted now, one at a time with a check in between:
                        observers first (they never break quorum), then followers, the leader last;
                        followers and leader only when can_lose >= 1; empty for a standalone server
      healthy           one leader, every listed server serving, every follower synced, no problem
      problems          what is wrong, naming the servers at fault
    """
    statuses = list(statuses or [])
    problems = []
    leaders = [s["address"] for s in statuses if _serving(s) and s.get("mode") in LEADING_MODES]
    followers = [s["address"] for s in statuses if _serving(s) and s.get("mode") == "follower"]
    observers = [s["address"] for s in statuses if _serving(s) and s.get("mode") == "observer"]
    unreachable = [s["address"] for s in statuses if not s.get("reachable")]
    answered = [s["address"] for s in statuses if s.get("reachable")]
    by_address = dict((s["address"], s) for s in statuses)

    for status in statuses:
        if not status.get("reachable"):
            problems.append("%s is unreachable: %s" % (status["address"], status.get("error") or "no answer"))
        elif status.get("error"):
            problems.append(status["error"] if status["address"] in status["error"]
                            else "%s: %s" % (status["address"], status["error"]))
        elif status.get("mode") not in SERVING_MODES:
            problems.append("%s answered in mode %r, which does not serve clients"
                            % (status["address"], status.get("mode")))

    leader = leaders[0] if len(leaders) == 1 else None
    standalone = leader is not None and by_address[leader].get("mode") == "standalone"
    synced = by_address[leader].get("synced_followers") if leader else None
    if len(leaders) > 1:
        problems.append("%d servers report leading (%s): there must be exactly one leader; check that every "
                        "server has the same server list and that these are not separate ensembles"
                        % (len(leaders), join_words(leaders)))
    elif not leaders and statuses:
        seen = ["%s: %s" % (s["address"], s.get("mode") or ("unreachable" if not s.get("reachable") else "not serving"))
                for s in statuses]
        problems.append("no leader: none of the %d servers is leading (%s)" % (len(statuses), ", ".join(seen)))
    if standalone and len(statuses) > 1:
        problems.append("%s runs standalone while %d servers were listed: it is not part of an ensemble; check "
                        "its server.N lines and myid" % (leader, len(statuses)))

    if leader and not standalone:
        if synced is None:
            voters_up = 1 + len(followers)
        else:
            voters_up = 1 + int(synced)
            if int(synced) < len(followers):
                pending = by_address[leader].get("pending_syncs")
                problems.append("only %d of the %d followers (%s) are synced to leader %s%s"
                                % (int(synced), len(followers), join_words(followers), leader,
                                   " (%s pending syncs)" % pending if pending else ""))
    elif leader:
        voters_up = 1
    else:
        voters_up = 0

    listed_voters = len([s for s in statuses if s.get("mode") != "observer"])
    voters = int(expected_size) if expected_size else listed_voters
    if expected_size and listed_voters > int(expected_size):
        problems.append("%d voting servers were listed but expected_size is %d; list only the ensemble's "
                        "servers or raise expected_size" % (listed_voters, int(expected_size)))
    if voters_up > voters and voters > 0:
        problems.append("leader %s reports %d voters in sync but only %d are expected: servers are missing from "
                        "the list or expected_size is too small" % (leader, voters_up, voters))
    voters = max(voters, voters_up)
    if standalone:
        voters = max(voters, 1)

    if voters >= 1:
        q_size = quorum_size(voters)
        can_lose = remaining_failures(voters, voters_up) if leader else 0
    else:
        problems.append("no voting server: every listed server is an observer")
        q_size, can_lose = None, 0

    safe = []
    if not standalone:
        safe.extend(observers)
        if leader and can_lose >= 1:
            safe.extend(followers)
            safe.append(leader)

    healthy = (not problems and leader is not None and not unreachable
               and (standalone or (synced is not None and int(synced) >= len(followers)
                                   and voters_up >= voters)))
    if not problems and leader and voters_up < voters:
        problems.append("only %d of %d voters are in the quorum led by %s" % (voters_up, voters, leader))
    return {
        "leader": leader,
        "leaders": leaders,
        "standalone": standalone,
        "followers": followers,
        "synced_followers": synced,
        "observers": observers,
        "unreachable": unreachable,
        "answered": answered,
        "voters": voters,
        "voters_up": voters_up,
        "quorum_size": q_size,
        "can_lose": can_lose,
        "safe_to_restart": safe,
        "healthy": healthy,
        "problems": problems,
    }


def _because(assessment):
    return (": " + "; ".join(assessment["problems"])) if assessment["problems"] else ""


def meets(assessment: Dict[str, Any], require: str) -> Tuple[bool, str]:
    """(bool, reason): does ``assessment`` satisfy ``require``?

    any         at least one server answered
    leader      exactly one server leads (or one runs standalone)
    quorum      leader, and voters_up is a majority of voters (the leader's synced-follower count
                must be known: with method 4lw that needs mntr on the leader)
    all_synced  quorum, every voter in it, every follower synced, no problem at all
    """
    if require not in REQUIREMENTS:
        raise ValueError("require must be one of %s, got %r" % (", ".join(REQUIREMENTS), require))
    a = assessment
    if require == "any":
        if not a["answered"]:
            return False, "no server answered%s" % _because(a)
        return True, "%d server(s) answered: %s" % (len(a["answered"]), join_words(a["answered"]))
    if a["leader"] is None:
        if len(a["leaders"]) > 1:
            return False, "more than one leader (%s)%s" % (join_words(a["leaders"]), _because(a))
        return False, "; ".join(a["problems"]) or "no leader"
    if require == "leader":
        return True, "%s is %s" % (a["leader"], "standalone" if a["standalone"] else "the leader")
    if not a["standalone"] and a["synced_followers"] is None:
        return False, ("cannot tell which voters follow leader %s: its synced-follower count is unknown%s"
                       % (a["leader"], _because(a)))
    if not has_quorum(a["voters"], a["voters_up"]):
        return False, ("no quorum: %d of %d voters serve, %d needed%s"
                       % (a["voters_up"], a["voters"], a["quorum_size"], _because(a)))
    if require == "quorum":
        return True, ("quorum: %d of %d voters serve (%d needed), %d more may fail"
                      % (a["voters_up"], a["voters"], a["quorum_size"], a["can_lose"]))
    if not a["healthy"]:
        because = _because(a) or ": %d of %d voters in the quorum" % (a["voters_up"], a["voters"])
        return False, "not every voter is up and synced%s" % because
    return True, "all %d voters are up and synced to %s" % (a["voters"], a["leader"])


def wait_for(servers: List[str], require: str, expected_size: Optional[int], retries: int, delay: float,
             probe: Callable[[str], Dict[str, Any]], sleep: Callable[[float], Any]) -> Dict[str, Any]:
    """Probe ``servers`` until ``require`` holds or ``retries`` retries are used up.

    ``probe(address)`` returns a server status; ``sleep(seconds)`` waits. Returns
    {ok, reason, attempts, assessment, statuses} of the last attempt.
    """
    if require not in REQUIREMENTS:
        raise ValueError("require must be one of %s, got %r" % (", ".join(REQUIREMENTS), require))
    attempts = 0
    result = None
    for attempt in range(int(retries) + 1):
        statuses = [probe(address) for address in servers]
        assessment = assess(statuses, expected_size)
        ok, reason = meets(assessment, require)
        attempts += 1
        result = {"ok": ok, "reason": reason, "attempts": attempts, "assessment": assessment,
                  "statuses": statuses}
        if ok:
            break
        if attempt < int(retries):
            sleep(delay)
    return result
