# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A picture of an ensemble's state: one self-contained HTML page an operator reads at a glance.

``summarise`` turns a quorum_check result (with the members' ids, hosts and
rooms, and the hierarchical quorum groups when there are any) into what the
page shows: a headline (verdict, quorum, voters up, failures tolerated now,
what losing each room now would do) and one card per server, in one column per
room. ``render`` writes the page: inline CSS and SVG, no script, no external
asset, every value escaped. ``status_html`` does both.

The quorum arithmetic comes from _quorum.py. What is "up" is judged from the
servers that serve right now, never from the plan: a room whose servers are
down shows as down, and its loss costs nothing more.
Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re
from collections.abc import Mapping
from html import escape
from typing import Any, Dict, List, Optional

from ansible_collections.zkops.ensemble.plugins.module_utils._health import assess
from ansible_collections.zkops.ensemble.plugins.module_utils._probe import SERVING_MODES
from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    has_quorum,
    hierarchical_groups_held,
    hierarchical_has_quorum,
    hierarchical_quorum_groups,
    hierarchical_spare,
    quorum_size,
    remaining_failures,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words

DEFAULT_TITLE = "ZooKeeper ensemble status"
# The colour of a down server's card band: nothing else on the page uses it (the browser test looks for it).
DOWN_COLOUR = "#c81e2d"
NO_ROOM = ""
_LEADING = ("leader", "standalone")
_VOTING = ("leader", "follower", "standalone")
_STAR = ("<svg class=\"star\" viewBox=\"0 0 24 24\" width=\"18\" height=\"18\" aria-hidden=\"true\"><path "
         "d=\"M12 2l3 6.9 7.5.6-5.7 4.9 1.8 7.4L12 17.8l-6.6 4 1.8-7.4-5.7-4.9 7.5-.6z\"/></svg>")


class ReportError(ValueError):
    """The input is not a quorum_check result (or members, rooms, groups of the right shape)."""


# ---------------------------------------------------------------- input

def _id(value):
    """A server id as an int when it is one (ids pass through YAML/JSON as strings as often as numbers)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.match(r"^\s*\d+\s*$", value):
        return int(value)
    return value


def _result(result):
    if isinstance(result, (list, tuple)):
        servers = list(result)
        if not all(isinstance(s, Mapping) and s.get("address") for s in servers):
            raise ReportError("expected quorum_check's result or its servers (dicts with an address), got %r"
                              % (result,))
        merged = dict(assess(servers))
        merged["servers"] = servers
        return merged
    if not isinstance(result, Mapping) or not isinstance(result.get("servers"), (list, tuple)):
        raise ReportError("expected quorum_check's registered result (a dict with servers), got %r"
                          % (type(result).__name__ if isinstance(result, Mapping) else result,))
    for server in result["servers"]:
        if not isinstance(server, Mapping) or not server.get("address"):
            raise ReportError("%r in the result's servers is not a server of quorum_check (no address)" % (server,))
    return result


def _members(members):
    if members in (None, ""):
        return {}
    if not isinstance(members, Mapping):
        raise ReportError("members must be a dict client address -> {id, host, room}, got %r" % (members,))
    out = {}
    for address, member in members.items():
        if member is None:
            member = {}
        if not isinstance(member, Mapping):
            raise ReportError("members[%s] must be a dict with id, host, room, got %r" % (address, member))
        out[str(address)] = member
    return out


def _rooms(rooms):
    if rooms in (None, ""):
        return []
    if isinstance(rooms, (str, Mapping)) or not hasattr(rooms, "__iter__"):
        raise ReportError("rooms must be a list of room names (the order of the columns), got %r" % (rooms,))
    return [str(room) for room in rooms if room not in (None, "")]


def _groups(quorum_groups, weights):
    """(groups, weights) with ids as ints, or (None, None) without hierarchical quorum groups."""
    if not quorum_groups:
        return None, None
    if not isinstance(quorum_groups, Mapping):
        raise ReportError("quorum_groups must be a dict group -> voter ids, got %r" % (quorum_groups,))
    groups = {}
    for gid, ids in quorum_groups.items():
        if isinstance(ids, (str, Mapping)) or not hasattr(ids, "__iter__"):
            raise ReportError("quorum_groups[%s] must be a list of voter ids, got %r" % (gid, ids))
        groups[_id(gid)] = [_id(sid) for sid in ids]
    listed = [sid for ids in groups.values() for sid in ids]
    twice = sorted(set(sid for sid in listed if listed.count(sid) > 1))
    if twice:
        raise ReportError("quorum_groups: voter(s) %s are in more than one group" % join_words(str(s) for s in twice))
    if weights not in (None, "") and not isinstance(weights, Mapping):
        raise ReportError("weights must be a dict voter id -> weight, got %r" % (weights,))
    out_weights = {}
    for sid, weight in (weights or {}).items():
        out_weights[_id(sid)] = _id(weight)
    return groups, out_weights


# ---------------------------------------------------------------- cards

def _lag(zxid, leader_zxid):
    """(transactions behind the leader or None, words).

    A zxid is the epoch (high 32 bits) and a counter within it. In the leader's
    epoch the lag is the difference of the counters (a server asked after the
    leader may be a little ahead: in step). A server still at an older epoch lacks
    at least every transaction of the leader's epoch: the leader's counter (0 just
    after an election, when nothing was written since: in step).
    """
    if zxid is None or leader_zxid is None:
        return None, "-"
    zxid, leader_zxid = int(zxid), int(leader_zxid)
    epoch, leader_epoch = zxid >> 32, leader_zxid >> 32
    if epoch >= leader_epoch:
        lag = max((leader_zxid & 0xFFFFFFFF) - (zxid & 0xFFFFFFFF), 0) if epoch == leader_epoch else 0
        return lag, "in step" if lag == 0 else "%d txn%s behind" % (lag, "" if lag == 1 else "s")
    lag = leader_zxid & 0xFFFFFFFF
    if lag == 0:
        return 0, "in step"
    return lag, "%d+ txn%s behind (epoch 0x%x, leader's 0x%x)" % (lag, "" if lag == 1 else "s", epoch, leader_epoch)


def _state(server):
    """(state, label): up / problem / down, and the label the card shows."""
    mode = server.get("mode")
    serving = bool(server.get("reachable")) and mode in SERVING_MODES
    if not server.get("reachable"):
        return "down", "DOWN"
    if not serving:
        error = server.get("error") or ""
        return "down", "NOT SERVING" if not error or "not serving" in error else "FAILING"
    return ("problem" if server.get("error") else "up"), mode.upper()


def _latency(server):
    avg, top = server.get("latency_avg"), server.get("latency_max")
    if avg is None and top is None:
        return "-"
    return "avg %s / max %s ms" % ("-" if avg is None else avg, "-" if top is None else top)


def _cards(result, members):
    servers = result["servers"]
    leader = result.get("leader")
    by_address = dict((s["address"], s) for s in servers)
    leader_zxid = by_address[leader].get("zxid") if leader in by_address else None
    followers = result.get("followers") or []
    synced_count = result.get("synced_followers")
    cards = []
    for server in servers:
        address = server["address"]
        member = members.get(address) or {}
        mode = server.get("mode")
        state, label = _state(server)
        observer = mode == "observer" or (mode is None and member.get("peer_type") == "observer")
        is_leader = address == leader or (state != "down" and mode in _LEADING)
        lag, lag_text = (0, "leader") if is_leader else _lag(server.get("zxid"), leader_zxid)
        if state == "down":
            lag, lag_text = None, "-"
            synced, synced_text = False, "no"
        elif is_leader:
            synced, synced_text = True, "leads"
        elif mode == "observer":
            synced, synced_text = None, "observes (no vote)"
        elif leader is None:
            synced, synced_text = None, "no leader"
        elif synced_count is None:
            synced, synced_text = None, "unknown (the leader's count is unknown)"
        elif int(synced_count) >= len(followers):
            synced, synced_text = True, "yes"
        else:
            synced, synced_text = None, "%s of %d followers synced" % (synced_count, len(followers))
        zxid = server.get("zxid")
        cards.append({
            "address": address,
            "id": _id(member.get("id")) if member.get("id") not in (None, "") else None,
            "host": member.get("host") or None,
            "room": str(member.get("room")) if member.get("room") not in (None, "") else NO_ROOM,
            "mode": mode,
            "observer": observer,
            "voter": not observer,
            "state": state,
            "label": label,
            "leader": is_leader,
            "serving_voter": state != "down" and mode in _VOTING,
            "version": server.get("version"),
            "zxid": zxid,
            "zxid_hex": "-" if zxid is None else "0x%x" % int(zxid),
            "lag": lag,
            "lag_text": lag_text,
            "synced": synced,
            "synced_text": synced_text,
            "outstanding": server.get("outstanding"),
            "connections": server.get("connections"),
            "latency_min": server.get("latency_min"),
            "latency_avg": server.get("latency_avg"),
            "latency_max": server.get("latency_max"),
            "latency_text": "-" if state == "down" else _latency(server),
            "error": server.get("error") or None,
        })
    return cards


# ---------------------------------------------------------------- headline

def _arithmetic(cards, groups, weights):
    """The quorum arithmetic of the page: majority, or hierarchical when the groups and every voter's id are known."""
    if groups is None:
        return {"kind": "majority", "note": None}
    missing = [c["address"] for c in cards if c["voter"] and c["id"] is None]
    if missing:
        return {"kind": "majority", "note": "hierarchical quorum groups given, but not the id of %s: shown as a "
                                            "majority of voters" % join_words(missing)}
    try:
        hierarchical_quorum_groups(_weights_by_group(groups, weights))
    except ValueError as exc:
        raise ReportError("quorum_groups/weights: %s" % exc)
    return {"kind": "hierarchical", "note": None}


def _weights_by_group(groups, weights, up_ids=None):
    """_quorum's form of the groups: per group (in id order) the weights of its voters (default 1), or of
    those among ``up_ids`` when given."""
    return [[weights.get(sid, 1) for sid in groups[gid] if up_ids is None or sid in up_ids]
            for gid in sorted(groups)]


def _up_ids(cards, leader):
    return set(c["id"] for c in cards if c["serving_voter"]) if leader else set()


def _loss(room_cards, cards, result, arithmetic, groups, weights):
    """What losing the servers ``room_cards`` now would do.

    Majority: the voters in the leader's quorum (quorum_check's voters_up) less the
    room's serving voters; when the leader reports fewer synced followers than serve,
    this errs on the side of a smaller spare.
    """
    leader = result.get("leader")
    voters = int(result.get("voters") or 0)
    up_here = [c for c in room_cards if c["serving_voter"]]
    voters_here = [c for c in room_cards if c["voter"]]
    loss = {"voters": len(voters_here), "voters_up": len(up_here),
            "down": bool(room_cards) and all(c["state"] == "down" for c in room_cards)}
    if not leader or voters < 1:
        loss.update(survives=False, spare=None, left=0, needed=result.get("quorum_size"),
                    text="no quorum now: the ensemble does not serve")
        return loss
    if arithmetic["kind"] == "hierarchical":
        left_ids = _up_ids(cards, leader) - set(c["id"] for c in up_here)
        by_group = _weights_by_group(groups, weights)
        up_by_group = _weights_by_group(groups, weights, left_ids)
        held, counted = hierarchical_groups_held(by_group, up_by_group)
        needed = hierarchical_quorum_groups(by_group)
        survives = hierarchical_has_quorum(by_group, up_by_group)
        spare = hierarchical_spare(by_group, up_by_group) if survives else None
        loss.update(survives=survives, spare=spare, left=held, needed=needed)
        figures = "%s %d of %d group(s) with a weight majority, %d needed" % (
            "keeps" if loss["down"] else "leaves", held, counted, needed)
    else:
        left = max(int(result.get("voters_up") or 0) - len(up_here), 0)
        survives = has_quorum(voters, left)
        spare = remaining_failures(voters, left) if survives else None
        loss.update(survives=survives, spare=spare, left=left, needed=quorum_size(voters))
        figures = "%s %d of %d voters, quorum %d" % ("keeps" if loss["down"] else "leaves", left, voters,
                                                     quorum_size(voters))
    prefix = "no voter up here, " if loss["voters_up"] == 0 else ""
    if loss["down"] and survives:
        loss["text"] = "the quorum holds without it: %s, spare %d" % (figures.replace("keeps ", "", 1), spare)
    elif survives:
        loss["text"] = "%ssurvivable: %s, spare %d" % (prefix, figures, spare)
    else:
        loss["text"] = "%sFATAL: %s" % (prefix, figures)
    return loss


def summarise(result: Any, members: Optional[Mapping] = None, rooms: Optional[List[str]] = None,
              quorum_groups: Optional[Mapping] = None, weights: Optional[Mapping] = None) -> Dict[str, Any]:
    """What the page shows, as data.

    ``result``: quorum_check's registered result (or its ``servers`` list, assessed
    here). ``members``: client address -> {id, host, room, peer_type}. ``rooms``:
    the order of the room columns (rooms found only in ``members`` follow, servers
    without a room last). ``quorum_groups`` (group -> voter ids) and ``weights``
    (voter id -> weight): hierarchical quorums; without them, majority.

    Returns {verdict (healthy, degraded, no_quorum), verdict_text, leader, leader_label,
    voters, voters_up, quorum_size, quorum_text, can_lose, arithmetic, arithmetic_note,
    groups_held, groups_counted, groups_needed, cards, rooms: [{name, label, cards,
    voters, voters_up, loss}], losses (the named rooms' losses), problems, unreachable}.
    """
    result = _result(result)
    members = _members(members)
    order = _rooms(rooms)
    groups, weights = _groups(quorum_groups, weights)
    cards = _cards(result, members)
    arithmetic = _arithmetic(cards, groups, weights)
    leader = result.get("leader")
    voters = int(result.get("voters") or 0)
    voters_up = int(result.get("voters_up") or 0)
    summary = {"voters": voters, "voters_up": voters_up, "leader": leader, "cards": cards,
               "arithmetic": arithmetic["kind"], "arithmetic_note": arithmetic["note"],
               "problems": [str(p) for p in result.get("problems") or []],
               "down": [c["address"] for c in cards if c["state"] == "down"],
               "groups_held": None, "groups_counted": None, "groups_needed": None}
    leader_card = [c for c in cards if c["address"] == leader]
    if leader_card:
        card = leader_card[0]
        summary["leader_label"] = "%s%s" % (card["address"], " (id %s)" % card["id"] if card["id"] is not None else "")
    else:
        summary["leader_label"] = "none"
    if arithmetic["kind"] == "hierarchical":
        by_group = _weights_by_group(groups, weights)
        up_by_group = _weights_by_group(groups, weights, _up_ids(cards, leader))
        held, counted = hierarchical_groups_held(by_group, up_by_group)
        needed = hierarchical_quorum_groups(by_group)
        quorate = bool(leader) and hierarchical_has_quorum(by_group, up_by_group)
        summary.update(groups_held=held, groups_counted=counted, groups_needed=needed,
                       quorum_size=needed, can_lose=hierarchical_spare(by_group, up_by_group) if quorate else 0,
                       quorum_text="a weight majority in %d of %d groups" % (needed, counted))
    else:
        q_size = quorum_size(voters) if voters >= 1 else None
        quorate = bool(leader) and q_size is not None and has_quorum(voters, voters_up)
        summary.update(quorum_size=q_size, quorum_text="%s of %d voters" % (q_size or "-", voters),
                       can_lose=remaining_failures(voters, voters_up) if quorate else 0)
    failing = len([c for c in cards if c["state"] != "up"])
    if result.get("healthy") and quorate:
        summary["verdict"], summary["verdict_text"] = "healthy", "HEALTHY: every voter up and synced"
    elif quorate:
        summary["verdict"] = "degraded"
        summary["verdict_text"] = ("DEGRADED: quorum held, %d server(s) down or failing" % failing if failing
                                   else "DEGRADED: quorum held, not every voter synced")
    else:
        summary["verdict"], summary["verdict_text"] = "no_quorum", "NO QUORUM: the ensemble does not serve"

    named = list(order)
    for card in cards:
        if card["room"] != NO_ROOM and card["room"] not in named:
            named.append(card["room"])
    columns = []
    for room in named + [NO_ROOM]:
        room_cards = [c for c in cards if c["room"] == room]
        if room == NO_ROOM and not room_cards:
            continue
        column = {"name": room, "label": room if room != NO_ROOM else "no room", "cards": room_cards,
                  "voters": len([c for c in room_cards if c["voter"]]),
                  "voters_up": len([c for c in room_cards if c["serving_voter"]]),
                  "loss": None}
        if room != NO_ROOM:
            column["loss"] = _loss(room_cards, cards, result, arithmetic, groups, weights)
        columns.append(column)
    summary["rooms"] = columns
    summary["losses"] = [dict(c["loss"], room=c["name"]) for c in columns if c["loss"] is not None]
    return summary


# ---------------------------------------------------------------- page

_CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:14px;color:#1f2328;background:#f3f4f6}
header.top{display:flex;align-items:center;justify-content:space-between;gap:16px;padding:14px 24px;
  background:#24292f;color:#fff}
header.top h1{margin:0;font-size:22px}
header.top .generated{margin:2px 0 0;color:#d0d7de;font-size:13px}
.verdict{padding:8px 16px;border-radius:6px;font-weight:bold;font-size:16px;color:#fff;white-space:nowrap}
.verdict.healthy{background:#1f883d}.verdict.degraded{background:#9a6700}.verdict.no_quorum{background:#82071e}
.headline{margin:16px 24px;padding:14px 18px;background:#fff;border:1px solid #d0d7de;border-radius:8px}
.figures{display:flex;flex-wrap:wrap;gap:12px 36px;margin:0}
.figures div{min-width:120px}
.figures dt{color:#57606a;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.figures dd{margin:2px 0 0;font-size:24px;font-weight:bold}
.figures dd.small{font-size:16px;padding-top:6px}
.gauge{display:block;margin:12px 0 4px}
.losses{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:8px}
.losses li,.chip{padding:5px 10px;border-radius:14px;font-size:13px}
.ok{background:#dafbe1;color:#116329;border:1px solid #4ac26b}
.fatal{background:#82071e;color:#fff;border:1px solid #82071e}
.gone{background:#fff;color:#82071e;border:2px dashed #82071e;font-weight:bold}
.problems{margin:10px 0 0;padding-left:20px;color:#82071e}
.note{color:#57606a;font-size:13px;margin:8px 0 0}
main.rooms{display:grid;grid-template-columns:repeat(auto-fit,minmax(270px,1fr));gap:16px;margin:0 24px 24px}
section.room{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px}
section.room h2{margin:0 0 2px;font-size:18px}
section.room.no-room h2{color:#57606a;font-style:italic}
.room-sub{margin:0 0 8px;color:#57606a;font-size:13px}
.room .chip{display:inline-block;margin:0 0 10px}
.card{border:1px solid #d0d7de;border-radius:8px;margin:0 0 10px;overflow:hidden;background:#fff}
.card .band{display:flex;align-items:center;gap:8px;padding:6px 10px;color:#fff;font-weight:bold;background:#1f883d}
.card .band .sid{font-size:16px}
.card .band .badge{margin-left:auto;letter-spacing:.05em}
.card.observer .band{background:#57606a}
.card.leader{border:3px solid #bf8700}
.card.leader .band{background:#f2cc60;color:#3b2300}
.card.leader .star{fill:#3b2300}
.card.problem{background:#fff8c5}
.card.problem .band{background:#9a6700;color:#fff}
.card.down{background:#ffebe9;border:3px solid DOWN}
.card.down .band{background:DOWN;color:#fff}
.card .body{padding:8px 10px}
.card .addr{font-family:"DejaVu Sans Mono",monospace;font-weight:bold}
.card .host{color:#57606a;font-size:13px}
.card dl{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:2px 8px;margin:6px 0 0;font-size:13px}
.card dt{color:#57606a}
.card dd{margin:0;font-family:"DejaVu Sans Mono",monospace}
.card dd.wide{grid-column:span 3}
.card .error{margin:8px 0 0;padding:6px 8px;background:#fff;border-left:4px solid #82071e;color:#82071e;
  font-size:12px;word-break:break-word}
footer{margin:0 24px 24px;color:#57606a;font-size:12px}
""".replace("DOWN", DOWN_COLOUR)


def _e(value):
    return escape("-" if value is None else str(value), quote=True)


def _gauge(summary):
    """An inline SVG: one dot per voter (up first), and where the quorum line falls."""
    voters, up = summary["voters"], min(summary["voters_up"], summary["voters"])
    if voters < 1:
        return ""
    step = 26 if voters <= 40 else max(1040 // voters, 4)
    radius = min(9, step // 2 - 1) or 1
    width = step * voters + 120
    parts = ["<svg class=\"gauge\" role=\"img\" width=\"%d\" height=\"40\" viewBox=\"0 0 %d 40\">" % (width, width),
             "<title>%s</title>" % _e("%d of %d voters up" % (summary["voters_up"], voters))]
    for index in range(voters):
        colour = "#1f883d" if index < up else DOWN_COLOUR
        parts.append("<circle cx=\"%d\" cy=\"20\" r=\"%d\" fill=\"%s\"/>" % (step * index + step // 2 + 2, radius,
                                                                             colour))
    if summary["arithmetic"] == "majority" and summary["quorum_size"]:
        x = step * summary["quorum_size"] + 2
        parts.append("<line x1=\"%d\" y1=\"2\" x2=\"%d\" y2=\"38\" stroke=\"#24292f\" stroke-width=\"2\" "
                     "stroke-dasharray=\"4 3\"/>" % (x, x))
        parts.append("<text x=\"%d\" y=\"25\" font-size=\"12\" fill=\"#24292f\">quorum %d</text>"
                     % (step * voters + 10, summary["quorum_size"]))
    parts.append("</svg>")
    return "".join(parts)


def _fact(name, value, wide=False):
    return "<dt>%s</dt><dd%s>%s</dd>" % (_e(name), " class=\"wide\"" if wide else "", _e(value))


def _card(card):
    classes = ["card", card["state"]]
    if card["leader"]:
        classes.append("leader")
    if card["observer"]:
        classes.append("observer")
    role = "leader" if card["leader"] else ("observer" if card["observer"] else (card["mode"] or "unknown"))
    label = card["label"]
    if card["leader"] and card["state"] != "down":
        label = "LEADER" if card["mode"] != "standalone" else "STANDALONE"
    parts = ["<article class=\"%s\" data-address=\"%s\" data-state=\"%s\" data-role=\"%s\" data-room=\"%s\">"
             % (" ".join(classes), _e(card["address"]), _e(card["state"]), _e(role), _e(card["room"])),
             "<div class=\"band\">%s<span class=\"sid\">%s</span><span class=\"badge\">%s</span></div>"
             % (_STAR if card["leader"] and card["state"] != "down" else "",
                _e("#%s" % card["id"] if card["id"] is not None else ""), _e(label)),
             "<div class=\"body\"><div class=\"addr\">%s</div>" % _e(card["address"])]
    if card["host"]:
        parts.append("<div class=\"host\">host %s</div>" % _e(card["host"]))
    parts.append("<dl>")
    if card["state"] == "down":
        # Nothing it says is known: only what it is, and why it does not answer.
        parts.append(_fact("role", "observer" if card["observer"] else "voter"))
        parts.append(_fact("synced", card["synced_text"]))
    else:
        parts.append(_fact("role", card["mode"]))
        parts.append(_fact("version", card["version"]))
        parts.append(_fact("zxid", card["zxid_hex"]))
        parts.append(_fact("synced", card["synced_text"], wide=len(card["synced_text"]) > 12))
        parts.append(_fact("lag", card["lag_text"], wide=True))
        parts.append(_fact("latency", card["latency_text"], wide=True))
        parts.append(_fact("outstanding", card["outstanding"]))
        parts.append(_fact("connections", card["connections"]))
    parts.append("</dl>")
    if card["error"]:
        parts.append("<p class=\"error\">%s</p>" % _e(card["error"]))
    parts.append("</div></article>")
    return "".join(parts)


def _loss_class(loss):
    if loss["down"]:
        return "gone"
    return "ok" if loss["survives"] else "fatal"


def _room(column):
    classes = "room" + (" no-room" if column["name"] == NO_ROOM else "")
    parts = ["<section class=\"%s\" data-room=\"%s\">" % (classes, _e(column["name"])),
             "<h2>%s</h2>" % _e(column["label"]),
             "<p class=\"room-sub\">%s</p>" % _e("%d of %d voter(s) up%s" % (
                 column["voters_up"], column["voters"],
                 ", %d observer(s)" % len([c for c in column["cards"] if c["observer"]])
                 if any(c["observer"] for c in column["cards"]) else ""))]
    loss = column["loss"]
    if loss is not None:
        parts.append("<p class=\"chip %s\" data-survivable=\"%s\">%s</p>"
                     % (_loss_class(loss), "true" if loss["survives"] else "false",
                        _e(("ROOM DOWN: " if loss["down"] else "Losing it now: ") + loss["text"])))
    if not column["cards"]:
        parts.append("<p class=\"note\">no server of this room was asked</p>")
    parts.extend(_card(card) for card in column["cards"])
    parts.append("</section>")
    return "".join(parts)


def _generated(generated):
    if generated is None:
        generated = datetime.datetime.now(datetime.timezone.utc)
    if isinstance(generated, datetime.datetime):
        if generated.tzinfo is None:
            generated = generated.replace(tzinfo=datetime.timezone.utc)
        return generated.isoformat(), generated.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    return str(generated), str(generated)


def render(summary: Dict[str, Any], title: Optional[str] = None, generated: Any = None) -> str:
    """The HTML page of ``summary`` (from ``summarise``). ``generated``: a datetime or text; default now (UTC)."""
    title = title or DEFAULT_TITLE
    stamp, shown = _generated(generated)
    figures = [
        ("Quorum", summary["quorum_text"], "quorum_size", "small" if summary["arithmetic"] == "hierarchical" else ""),
        ("Voters up", "%d / %d" % (summary["voters_up"], summary["voters"]), "voters_up", ""),
        ("Failures tolerated now", summary["can_lose"], "can_lose", ""),
        ("Leader", summary["leader_label"], "leader", "small"),
    ]
    parts = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             "<meta name=\"color-scheme\" content=\"light\">",
             "<meta name=\"generator\" content=\"zkops.ensemble zk_status_html\">",
             "<title>%s</title><style>%s</style></head><body>" % (_e(title), _CSS),
             "<header class=\"top\"><div><h1>%s</h1><p class=\"generated\">Generated <time datetime=\"%s\">%s</time>"
             "</p></div><div class=\"verdict %s\" id=\"verdict\" data-verdict=\"%s\">%s</div></header>"
             % (_e(title), _e(stamp), _e(shown), _e(summary["verdict"]), _e(summary["verdict"]),
                _e(summary["verdict_text"])),
             "<section class=\"headline\" id=\"headline\"><dl class=\"figures\">"]
    for name, value, key, extra in figures:
        parts.append("<div><dt>%s</dt><dd class=\"%s\" data-figure=\"%s\">%s</dd></div>"
                     % (_e(name), extra, _e(key), _e(value)))
    parts.append("</dl>")
    parts.append(_gauge(summary))
    if summary["losses"]:
        parts.append("<ul class=\"losses\" id=\"losses\">")
        for loss in summary["losses"]:
            parts.append("<li class=\"%s\" data-room=\"%s\" data-survivable=\"%s\">%s <b>%s</b>%s: %s</li>"
                         % (_loss_class(loss), _e(loss["room"]), "true" if loss["survives"] else "false",
                            "Room" if loss["down"] else "Losing", _e(loss["room"]),
                            " DOWN" if loss["down"] else " now", _e(loss["text"])))
        parts.append("</ul>")
    if summary["arithmetic_note"]:
        parts.append("<p class=\"note\">%s</p>" % _e(summary["arithmetic_note"]))
    if summary["problems"]:
        parts.append("<ul class=\"problems\" id=\"problems\">%s</ul>"
                     % "".join("<li>%s</li>" % _e(p) for p in summary["problems"]))
    parts.append("</section><main class=\"rooms\">")
    parts.extend(_room(column) for column in summary["rooms"])
    parts.append("</main><footer>%s</footer></body></html>\n" % _e(
        "zkops.ensemble status report: %s quorum arithmetic; up means serving now, as quorum_check found it."
        % summary["arithmetic"]))
    return "".join(parts)


def status_html(result: Any, members: Optional[Mapping] = None, rooms: Optional[List[str]] = None,
                quorum_groups: Optional[Mapping] = None, weights: Optional[Mapping] = None,
                title: Optional[str] = None, generated: Any = None) -> str:
    """The page of a quorum_check result: ``render(summarise(...))``."""
    return render(summarise(result, members, rooms, quorum_groups, weights), title, generated)
