# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The status report: the numbers it shows (summarise) and the page it writes (render).

The results are built as quorum_check builds them: per-server statuses shaped
like probe.server_status, assessed by _health.assess.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from html.parser import HTMLParser

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._health import assess
from ansible_collections.zkops.ensemble.plugins.module_utils._report import (
    DOWN_COLOUR,
    ReportError,
    render,
    status_html,
    summarise,
)

EPOCH = 5 << 32


def _up(address, mode="follower", zxid=EPOCH + 20, **more):
    status = {"address": address, "reachable": True, "mode": mode, "version": "3.9.3", "zxid": zxid,
              "node_count": 9, "outstanding": 0, "connections": 2, "latency_min": 0, "latency_avg": 0.5,
              "latency_max": 7, "followers": None, "synced_followers": None, "pending_syncs": None,
              "peer_state": None, "error": None}
    status.update(more)
    return status


def _down(address, error=None):
    return {"address": address, "reachable": False, "mode": None, "version": None, "zxid": None,
            "node_count": None, "outstanding": None, "connections": None, "latency_min": None, "latency_avg": None,
            "latency_max": None, "followers": None, "synced_followers": None, "pending_syncs": None,
            "peer_state": None, "error": error or "cannot connect to %s: [Errno 111] Connection refused" % address}


def _not_serving(address):
    status = _down(address, "%s is running but not serving requests (no quorum, or a leader election is under way)"
                   % address)
    status["reachable"] = True
    return status


def _result(statuses, expected_size=None):
    """quorum_check's result of these statuses."""
    result = dict(assess(statuses, expected_size))
    result["servers"] = statuses
    return result


def _leader(address, synced, zxid=EPOCH + 20):
    return _up(address, "leader", zxid, followers=synced, synced_followers=synced, pending_syncs=0,
               peer_state="leading - broadcast")


# Five voters over three rooms, 2 + 2 + 1; the leader in dc-a.
ROOMS = ["dc-a", "dc-b", "dc-c"]
MEMBERS = {
    "zk1:2181": {"id": 1, "host": "zk1", "room": "dc-a"},
    "zk2:2181": {"id": 2, "host": "zk2", "room": "dc-a"},
    "zk3:2181": {"id": 3, "host": "zk3", "room": "dc-b"},
    "zk4:2181": {"id": 4, "host": "zk4", "room": "dc-b"},
    "zk5:2181": {"id": 5, "host": "zk5", "room": "dc-c"},
}


def _five(down=(), synced=None):
    statuses = []
    for n in range(1, 6):
        address = "zk%d:2181" % n
        if address in down:
            statuses.append(_down(address))
        elif n == 2:
            statuses.append(_leader(address, 4 - len(down) if synced is None else synced))
        else:
            statuses.append(_up(address))
    return _result(statuses, 5)


class _Page(HTMLParser):
    """The cards, room columns, figures and losses of a page, read back from its HTML."""

    def __init__(self, text):
        HTMLParser.__init__(self)
        self.cards, self.rooms, self.figures, self.losses, self.tags = [], [], {}, {}, []
        self._figure = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "article":
            self.cards.append(attrs)
        elif tag == "section" and "room" in (attrs.get("class") or "").split():
            self.rooms.append(attrs["data-room"])
        elif tag == "dd" and attrs.get("data-figure"):
            self._figure = attrs["data-figure"]
        elif tag == "li" and attrs.get("data-room") is not None:
            self.losses[attrs["data-room"]] = attrs["data-survivable"]

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] = data
            self._figure = None


def _card(summary, address):
    return [c for c in summary["cards"] if c["address"] == address][0]


# ---------------------------------------------------------------- headline numbers

@pytest.mark.parametrize("down, voters_up, can_lose, verdict, losses", [
    # Healthy: losing either room of two leaves 3 of 5 (quorum 3, spare 0); dc-c leaves 4 (spare 1).
    ((), 5, 2, "healthy", {"dc-a": (True, 0), "dc-b": (True, 0), "dc-c": (True, 1)}),
    # dc-b down: 3 of 5 up, nothing more may fail, losing dc-a or dc-c now is fatal.
    (("zk3:2181", "zk4:2181"), 3, 0, "degraded", {"dc-a": (False, None), "dc-b": (True, 0), "dc-c": (False, None)}),
    # dc-c down: 4 up, one more may fail; losing dc-b now leaves 2: fatal.
    (("zk5:2181",), 4, 1, "degraded", {"dc-a": (False, None), "dc-b": (False, None), "dc-c": (True, 1)}),
])
def test_headline_numbers(down, voters_up, can_lose, verdict, losses):
    summary = summarise(_five(down), MEMBERS, ROOMS)
    assert (summary["quorum_size"], summary["voters"], summary["voters_up"]) == (3, 5, voters_up)
    assert summary["can_lose"] == can_lose
    assert summary["verdict"] == verdict
    assert dict((loss["room"], (loss["survives"], loss["spare"])) for loss in summary["losses"]) == losses
    page = _Page(render(summary))
    assert page.figures["voters_up"] == "%d / 5" % voters_up
    assert page.figures["can_lose"] == str(can_lose)
    assert page.losses == dict((room, "true" if ok else "false") for room, (ok, _spare) in losses.items())


def test_a_room_that_is_down_is_said_so_and_costs_nothing_more():
    summary = summarise(_five(("zk3:2181", "zk4:2181")), MEMBERS, ROOMS)
    loss = [loss for loss in summary["losses"] if loss["room"] == "dc-b"][0]
    assert loss["down"] is True and loss["voters_up"] == 0 and loss["left"] == 3
    assert "holds without it" in loss["text"]
    assert "ROOM DOWN" in render(summary)


@pytest.mark.parametrize("statuses, expected_size, figures", [
    # One standalone server: it leads, nothing may fail.
    ([_up("zk1:2181", "standalone")], None, (1, 1, 1, 0)),
    # Three voters and an observer: the observer is not counted.
    ([_leader("zk1:2181", 2), _up("zk2:2181"), _up("zk3:2181"), _up("zk4:2181", "observer")], 3, (2, 3, 3, 1)),
    # An unreachable voter of three: at quorum exactly.
    ([_leader("zk1:2181", 1), _up("zk2:2181"), _down("zk3:2181")], 3, (2, 3, 2, 0)),
])
def test_quorum_figures(statuses, expected_size, figures):
    summary = summarise(_result(statuses, expected_size))
    assert (summary["quorum_size"], summary["voters"], summary["voters_up"], summary["can_lose"]) == figures


# ---------------------------------------------------------------- cards

def test_the_leader_is_marked():
    summary = summarise(_five(), MEMBERS, ROOMS)
    assert [c["address"] for c in summary["cards"] if c["leader"]] == ["zk2:2181"]
    assert summary["leader_label"] == "zk2:2181 (id 2)"
    text = render(summary)
    page = _Page(text)
    leaders = [c for c in page.cards if c["data-role"] == "leader"]
    assert [c["data-address"] for c in leaders] == ["zk2:2181"]
    assert "leader" in leaders[0]["class"].split()
    # One star, on the leader's card band, beside the LEADER badge.
    assert text.count("class=\"star\"") == 1
    card = re.search(r"<article [^>]*data-address=\"zk2:2181\".*?</article>", text).group(0)
    assert "class=\"star\"" in card and ">LEADER<" in card


@pytest.mark.parametrize("status, label", [
    (_down("zk3:2181"), "DOWN"),
    (_not_serving("zk3:2181"), "NOT SERVING"),
    (dict(_not_serving("zk3:2181"), error="TLS handshake with zk3:2281 failed: certificate verify failed"), "FAILING"),
])
def test_a_failing_server_is_unmistakable(status, label):
    statuses = [_leader("zk1:2181", 1), _up("zk2:2181"), status]
    summary = summarise(_result(statuses, 3))
    card = _card(summary, "zk3:2181")
    assert (card["state"], card["label"]) == ("down", label)
    text = render(summary)
    page = _Page(text)
    article = [c for c in page.cards if c["data-address"] == "zk3:2181"][0]
    assert article["data-state"] == "down" and "down" in article["class"].split()
    assert [c["data-address"] for c in page.cards if "down" in c["class"].split()] == ["zk3:2181"]
    assert ">%s<" % label in text
    assert status["error"].split(":")[0] in text
    assert summary["verdict"] == "degraded"
    # The down card's colour is the band of the down card, in the style sheet.
    assert ".card.down .band{background:%s" % DOWN_COLOUR in text


def test_a_serving_server_with_an_error_is_a_problem_not_down():
    leader = _leader("zk1:2181", None)
    leader.update(followers=None, error="zk1:2181 refused the four-letter word 'mntr': it is not in its "
                                        "4lw.commands.whitelist")
    summary = summarise(_result([leader, _up("zk2:2181"), _up("zk3:2181")], 3))
    card = _card(summary, "zk1:2181")
    assert (card["state"], card["leader"]) == ("problem", True)
    assert _card(summary, "zk2:2181")["synced_text"].startswith("unknown")


@pytest.mark.parametrize("zxid, leader_zxid, lag, text", [
    (EPOCH + 20, EPOCH + 20, 0, "in step"),
    (EPOCH + 19, EPOCH + 20, 1, "1 txn behind"),
    (EPOCH + 5, EPOCH + 20, 15, "15 txns behind"),
    (EPOCH + 25, EPOCH + 20, 0, "in step"),          # asked after the leader: a little ahead
    ((4 << 32) + 900, EPOCH + 20, 20, "20+ txns behind (epoch 0x4, leader's 0x5)"),
    ((4 << 32) + 900, EPOCH, 0, "in step"),           # just elected: nothing written in the new epoch yet
    (0, 1 << 32, 0, "in step"),                       # a fresh ensemble: followers at 0x0, the leader at 0x100000000
    (None, EPOCH + 20, None, "-"),
])
def test_lag_behind_the_leader(zxid, leader_zxid, lag, text):
    summary = summarise(_result([_leader("zk1:2181", 1, leader_zxid), _up("zk2:2181", zxid=zxid)], 2))
    card = _card(summary, "zk2:2181")
    assert (card["lag"], card["lag_text"]) == (lag, text)
    assert _card(summary, "zk1:2181")["lag_text"] == "leader"


@pytest.mark.parametrize("synced, texts", [
    (2, ["leads", "yes", "yes"]),
    (1, ["leads", "1 of 2 followers synced", "1 of 2 followers synced"]),
])
def test_synced_or_not(synced, texts):
    summary = summarise(_result([_leader("zk1:2181", synced), _up("zk2:2181"), _up("zk3:2181")], 3))
    assert [c["synced_text"] for c in summary["cards"]] == texts


def test_outstanding_requests_latency_and_connections_are_shown():
    busy = _up("zk2:2181", outstanding=17, latency_avg=12.5, latency_max=873, connections=42)
    statuses = [_leader("zk1:2181", 1), busy]
    text = status_html(_result(statuses, 2))
    assert "avg 12.5 / max 873 ms" in text
    assert "<dt>outstanding</dt><dd>17</dd>" in text and "<dt>connections</dt><dd>42</dd>" in text


def test_no_leader():
    statuses = [_not_serving("zk1:2181"), _not_serving("zk2:2181"), _down("zk3:2181")]
    summary = summarise(_result(statuses, 3), {"zk1:2181": {"room": "a"}, "zk2:2181": {"room": "b"},
                                               "zk3:2181": {"room": "c"}})
    assert summary["verdict"] == "no_quorum" and summary["leader_label"] == "none"
    assert summary["can_lose"] == 0 and summary["voters_up"] == 0
    assert [c["label"] for c in summary["cards"]] == ["NOT SERVING", "NOT SERVING", "DOWN"]
    assert all(not loss["survives"] and loss["text"].startswith("no quorum now") for loss in summary["losses"])
    page = _Page(render(summary))
    assert [c for c in page.cards if c["data-role"] == "leader"] == []
    assert ("div", {"class": "verdict no_quorum", "id": "verdict", "data-verdict": "no_quorum"}) in page.tags


# ---------------------------------------------------------------- rooms as columns

@pytest.mark.parametrize("members, rooms, columns", [
    (MEMBERS, ROOMS, ["dc-a", "dc-b", "dc-c"]),
    (MEMBERS, ["dc-c", "dc-a"], ["dc-c", "dc-a", "dc-b"]),                      # rooms met later follow
    (MEMBERS, ["dc-c", "dc-x", "dc-b", "dc-a"], ["dc-c", "dc-x", "dc-b", "dc-a"]),  # an empty room still shows
    (dict(MEMBERS, **{"zk5:2181": {"id": 5}}), [], ["dc-a", "dc-b", ""]),       # no room: one last column
    ({}, [], [""]),
])
def test_rooms_are_columns(members, rooms, columns):
    summary = summarise(_five(), members, rooms)
    assert [c["name"] for c in summary["rooms"]] == columns
    assert _Page(render(summary)).rooms == columns
    assert sum(len(c["cards"]) for c in summary["rooms"]) == 5


def test_a_room_without_a_server_says_so():
    assert "no server of this room was asked" in status_html(_five(), MEMBERS, ROOMS + ["dc-x"])


def test_cards_sit_in_their_rooms_with_ids_and_hosts():
    summary = summarise(_five(), MEMBERS, ROOMS)
    assert [[c["id"] for c in column["cards"]] for column in summary["rooms"]] == [[1, 2], [3, 4], [5]]
    assert _card(summary, "zk4:2181")["host"] == "zk4"
    assert all(c["data-room"] == MEMBERS[c["data-address"]]["room"] for c in _Page(render(summary)).cards)


def test_a_down_observer_is_not_counted_as_a_voter_of_its_room():
    statuses = [_leader("zk1:2181", 2), _up("zk2:2181"), _up("zk3:2181"), _down("zk4:2181")]
    members = {"zk1:2181": {"room": "a"}, "zk2:2181": {"room": "b"}, "zk3:2181": {"room": "c"},
               "zk4:2181": {"room": "c", "peer_type": "observer"}}
    summary = summarise(_result(statuses, 3), members)
    column = [c for c in summary["rooms"] if c["name"] == "c"][0]
    assert (column["voters"], column["voters_up"]) == (1, 1)
    assert _card(summary, "zk4:2181")["observer"] is True
    assert summary["can_lose"] == 1


# ---------------------------------------------------------------- hierarchical quorums

NINE_MEMBERS = dict(("zk%d:2181" % n, {"id": n, "room": "abc"[(n - 1) // 3]}) for n in range(1, 10))
NINE_GROUPS = {"1": [1, 2, 3], "2": [4, 5, 6], "3": [7, 8, 9]}   # keys as they come back from YAML/JSON


def _nine(down=()):
    statuses = []
    for n in range(1, 10):
        address = "zk%d:2181" % n
        statuses.append(_down(address) if address in down else
                        _leader(address, 8 - len(down)) if n == 4 else _up(address))
    return _result(statuses, 9)


def test_hierarchical_quorum_figures():
    summary = summarise(_nine(("zk3:2181",)), NINE_MEMBERS, ["a", "b", "c"], NINE_GROUPS, {})
    assert summary["arithmetic"] == "hierarchical"
    assert (summary["groups_held"], summary["groups_counted"], summary["groups_needed"]) == (3, 3, 2)
    # Majority would say 3 more (8 up, quorum 5); two groups must fall: 1 in room a and 2 in another.
    assert summary["can_lose"] == 2
    assert summarise(_nine(("zk3:2181",)), NINE_MEMBERS, ["a", "b", "c"])["can_lose"] == 3
    assert dict((loss["room"], (loss["survives"], loss["spare"])) for loss in summary["losses"]) == {
        "a": (True, 1), "b": (True, 0), "c": (True, 0)}
    assert "a weight majority in 2 of 3 groups" in render(summary)


def test_hierarchical_losing_two_groups_is_fatal_even_with_a_voter_majority_left():
    # Room a down and one server of room b: 5 of 9 voters up (a majority), but only group 3 keeps its majority.
    summary = summarise(_nine(("zk1:2181", "zk2:2181", "zk3:2181", "zk5:2181", "zk6:2181")), NINE_MEMBERS,
                        ["a", "b", "c"], NINE_GROUPS)
    assert summary["groups_held"] == 1 and summary["verdict"] == "no_quorum"


def test_hierarchical_without_the_ids_falls_back_to_majority_and_says_so():
    members = dict((address, {"room": m["room"]}) for address, m in NINE_MEMBERS.items())
    summary = summarise(_nine(), members, ["a", "b", "c"], NINE_GROUPS)
    assert summary["arithmetic"] == "majority" and "shown as a majority" in summary["arithmetic_note"]


# ---------------------------------------------------------------- the page itself

HOSTILE = "<script>alert('x')</script>&\"'"


def test_every_value_is_escaped():
    statuses = [_leader("zk1:2181", 1), _down("zk2:2181", error="refused " + HOSTILE)]
    members = {"zk1:2181": {"id": 1, "host": HOSTILE, "room": HOSTILE},
               "zk2:2181": {"id": "<b>2</b>", "host": "h", "room": "r\"><img src=x>"}}
    result = _result(statuses, 2)
    result["problems"] = result["problems"] + [HOSTILE]
    text = status_html(result, members, [HOSTILE], title=HOSTILE, generated=HOSTILE)
    assert "<script" not in text and "<img" not in text and "<b>2" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&quot;&#x27;" in text
    page = _Page(text)
    assert HOSTILE in page.rooms and "r\"><img src=x>" in page.rooms


def test_the_page_is_self_contained():
    text = status_html(_five(("zk5:2181",)), MEMBERS, ROOMS)
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|\bhref=|@import|url\(|https?://", text)
    assert "<style>" in text and "<svg" in text


def test_title_and_generation_time():
    text = status_html(_five(), MEMBERS, ROOMS, title="Production ensemble", generated="2026-03-04 05:06:07 UTC")
    assert "<title>Production ensemble</title>" in text and "<h1>Production ensemble</h1>" in text
    assert "Generated <time datetime=\"2026-03-04 05:06:07 UTC\">" in text
    default = status_html(_five())
    assert "<title>ZooKeeper ensemble status</title>" in default
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[.\d]*\+00:00\">", default)


def test_the_gauge_draws_one_dot_per_voter_and_the_quorum_line():
    text = status_html(_five(("zk3:2181", "zk4:2181")), MEMBERS, ROOMS)
    gauge = re.search(r"<svg class=\"gauge\".*?</svg>", text).group(0)
    assert gauge.count("fill=\"#1f883d\"") == 3 and gauge.count("fill=\"%s\"" % DOWN_COLOUR) == 2
    assert "quorum 3" in gauge


# ---------------------------------------------------------------- input

def test_a_list_of_servers_is_assessed_like_quorum_check():
    summary = summarise([_leader("zk1:2181", 2), _up("zk2:2181"), _up("zk3:2181")])
    assert (summary["voters"], summary["voters_up"], summary["can_lose"], summary["verdict"]) == (3, 3, 1, "healthy")


@pytest.mark.parametrize("args, fragment", [
    (("zk1:2181",), "quorum_check"),
    (({"leader": None},), "quorum_check"),
    (({"servers": [{"mode": "leader"}]},), "no address"),
    (([{"mode": "leader"}],), "quorum_check"),
    ((_five(), ["zk1:2181"]), "members must be a dict"),
    ((_five(), {"zk1:2181": "room-a"}), "members[zk1:2181]"),
    ((_five(), MEMBERS, "dc-a"), "rooms must be a list"),
    ((_five(), MEMBERS, ROOMS, [[1, 2]]), "quorum_groups must be a dict"),
    ((_five(), MEMBERS, ROOMS, {"1": [1, 2], "2": [2, 3]}), "more than one"),
    ((_five(), MEMBERS, ROOMS, {"1": "1:2"}), "list of voter ids"),
])
def test_refuses_what_is_not_a_result(args, fragment):
    with pytest.raises(ReportError) as err:
        summarise(*args)
    assert fragment in str(err.value)
