"""The status report of a real ensemble, looked at in a real browser (Debian's headless Chromium).

Five real servers on 127.0.0.1 placed in three rooms (dc-a: 1 and 2, dc-b: 3
and 4, dc-c: 5). ``playbooks/status.yml`` with zookeeper_status_report (and
zookeeper_status_rooms) asks them through the real quorum_check and writes the
page; Chromium opens it, takes a screenshot and dumps the DOM. Healthy first:
the room names in order, one leader (the server the servers themselves name),
every card up. Then the room that does not hold the leader is stopped for real
(its processes, by pid): its cards must be DOWN, the headline must change (3
of 5 up, nothing more may fail, losing either other room now fatal), and the
down servers' colour must be on the room-down screenshot only.

ZKOPS_REPORT_SCREENSHOTS_DIR=docs/images keeps the two screenshots as
status-healthy.png and status-room-down.png (how the README's pictures are made).

A second test writes the report the way site.yml and the day-2 playbooks do
(tasks/report.yml with a preflight plan: ids, hosts, rooms, hierarchical
quorum groups), through the real ansible-playbook, against the same servers.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
from PIL import Image

from ansible_collections.zkops.ensemble.plugins.module_utils._report import DOWN_COLOUR

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WHITELIST = ("srvr", "mntr", "ruok")
sys.path.insert(0, os.path.join(REPO, "tests"))
import role_preflight  # noqa: E402  pylint: disable=wrong-import-position

ROOMS = {1: "dc-a", 2: "dc-a", 3: "dc-b", 4: "dc-b", 5: "dc-c"}
WINDOW = (1280, 900)
LEADER_BAND = "#f2cc60"
SCREENSHOTS = os.environ.get("ZKOPS_REPORT_SCREENSHOTS_DIR", "")


def _rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("no chromium on PATH: install Debian's chromium package (scripts/bench.sh tools)")
    return None


class _Dom(HTMLParser):
    """What the browser's DOM shows: the room columns, the cards, the headline figures, the losses, the verdict."""

    def __init__(self, text):
        HTMLParser.__init__(self)
        self.rooms, self.room_titles, self.cards, self.figures, self.losses = [], [], [], {}, {}
        self.verdict = None
        self._into = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "room" in classes:
            self.rooms.append(attrs["data-room"])
        elif tag == "h2":
            self._into = ("room_title", None)
        elif tag == "article":
            self.cards.append(dict(attrs, badge=None))
        elif tag == "span" and "badge" in classes:
            self._into = ("badge", None)
        elif tag == "dd" and attrs.get("data-figure"):
            self._into = ("figure", attrs["data-figure"])
        elif tag == "li" and attrs.get("data-room") is not None:
            self.losses[attrs["data-room"]] = classes[0]
        elif tag == "div" and attrs.get("id") == "verdict":
            self.verdict = attrs["data-verdict"]

    def handle_data(self, data):
        if self._into is None:
            return
        kind, key = self._into
        if kind == "room_title":
            self.room_titles.append(data)
        elif kind == "badge":
            self.cards[-1]["badge"] = data
        else:
            self.figures[key] = data
        self._into = None

    def card(self, address):
        return [c for c in self.cards if c["data-address"] == address][0]


def _status_report(run_playbook, ens, path):
    """Run playbooks/status.yml with the report on; (seconds, output)."""
    extra = {"zookeeper_servers": ens.addresses(), "zookeeper_expected_size": 5,
             "zookeeper_status_report": str(path),
             "zookeeper_status_rooms": dict((ens.address(sid), room) for sid, room in ROOMS.items())}
    start = time.time()
    rc, output = run_playbook("playbooks/status.yml", extra)
    assert rc == 0, output[-4000:]
    assert re.search(r"localhost\s*: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0", output), output[-2000:]
    assert "Status report: %s (open it in a browser)" % path in output
    return time.time() - start, output


def _browse(page, screenshot, profile):
    """Open ``page`` in headless Chromium: (seconds, the DOM it built); the screenshot is written."""
    start = time.time()
    proc = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--force-device-scale-factor=1", "--user-data-dir=%s" % profile,
                           "--window-size=%d,%d" % WINDOW, "--screenshot=%s" % screenshot, "--dump-dom",
                           "file://%s" % page],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert os.path.getsize(str(screenshot)) > 0, proc.stderr[-3000:]
    return time.time() - start, proc.stdout


def _pixels(screenshot, colour):
    """How many pixels of the screenshot are exactly ``colour``; the image must be a real PNG of the window."""
    with Image.open(str(screenshot)) as image:
        assert image.format == "PNG" and image.size == WINDOW
        rgb = image.convert("RGB")
        wanted = _rgb(colour)
        return sum(count for count, pixel in rgb.getcolors(WINDOW[0] * WINDOW[1]) if pixel == wanted)


@pytest.fixture
def five_in_three_rooms(new_ensemble, tmp_path):
    ens = new_ensemble(str(tmp_path / "ensemble"), servers=5, whitelist=WHITELIST)
    try:
        ens.start(wait=True, timeout=90)
        yield ens
    finally:
        ens.stop(timeout=5)


def test_the_report_in_a_browser_healthy_then_a_room_down(five_in_three_rooms, run_playbook, tmp_path):
    ens = five_in_three_rooms
    timings = {}
    leader = ens.leader()  # asked of the servers themselves
    assert leader is not None

    healthy, healthy_png = tmp_path / "healthy.html", tmp_path / "healthy.png"
    timings["status.yml healthy"], _output = _status_report(run_playbook, ens, healthy)
    timings["chromium healthy"], dom_text = _browse(healthy, healthy_png, tmp_path / "profile")
    dom = _Dom(dom_text)
    assert dom.rooms == ["dc-a", "dc-b", "dc-c"] and dom.room_titles == ["dc-a", "dc-b", "dc-c"]
    assert dom.verdict == "healthy"
    assert [c["data-address"] for c in dom.cards if c["data-role"] == "leader"] == [ens.address(leader)]
    assert dom.card(ens.address(leader))["badge"] == "LEADER"
    assert [c["data-state"] for c in dom.cards] == ["up"] * 5
    assert dict((c["data-address"], c["data-room"]) for c in dom.cards) == dict(
        (ens.address(sid), room) for sid, room in ROOMS.items())
    assert (dom.figures["quorum_size"], dom.figures["voters_up"], dom.figures["can_lose"]) == (
        "3 of 5 voters", "5 / 5", "2")
    assert dom.losses == {"dc-a": "ok", "dc-b": "ok", "dc-c": "ok"}

    # Lose the two-server room that does not hold the leader: for real, its processes stopped.
    room = "dc-b" if ROOMS[leader] != "dc-b" else "dc-a"
    stopped = [sid for sid, name in ROOMS.items() if name == room]
    other = "dc-a" if room == "dc-b" else "dc-b"
    for sid in stopped:
        ens.stop(sid, timeout=10)
        assert not ens.is_running(sid)
    down, down_png = tmp_path / "room-down.html", tmp_path / "room-down.png"
    timings["status.yml room down"], _output = _status_report(run_playbook, ens, down)
    timings["chromium room down"], dom_text = _browse(down, down_png, tmp_path / "profile")
    dom = _Dom(dom_text)
    assert dom.rooms == ["dc-a", "dc-b", "dc-c"]
    assert dom.verdict == "degraded"
    for sid in ROOMS:
        card = dom.card(ens.address(sid))
        if sid in stopped:
            assert (card["data-state"], card["badge"]) == ("down", "DOWN"), card
            assert "down" in card["class"].split()
        else:
            assert card["data-state"] == "up", card
    assert "Connection refused" in dom_text
    assert [c["data-address"] for c in dom.cards if c["data-role"] == "leader"] == [ens.address(leader)]
    assert (dom.figures["voters_up"], dom.figures["can_lose"]) == ("3 / 5", "0")
    assert dom.losses == {room: "gone", other: "fatal", "dc-c": "fatal"}

    # The screenshots are real images of the window; the down cards' colour is only on the room-down one.
    assert _pixels(healthy_png, DOWN_COLOUR) == 0
    assert _pixels(down_png, DOWN_COLOUR) > 2000
    assert _pixels(healthy_png, LEADER_BAND) > 2000 and _pixels(down_png, LEADER_BAND) > 2000
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        shutil.copyfile(str(healthy_png), os.path.join(SCREENSHOTS, "status-healthy.png"))
        shutil.copyfile(str(down_png), os.path.join(SCREENSHOTS, "status-room-down.png"))
    sys.stderr.write("status report timings: %s\n" % ", ".join("%s %.1fs" % item for item in timings.items()))


def _plan_inventory(ens, tmp):
    """The inventory of hosts zk1..zk5 describing the running servers (their ports), rooms dc-a/dc-b/dc-c."""
    inventory = {}
    for sid, room in ROOMS.items():
        inst = ens.instance(sid)
        inventory["zk%d" % sid] = {
            "zookeeper_server_address": "127.0.0.1", "zookeeper_id": sid, "zookeeper_room": room,
            "zookeeper_client_port": inst["client_port"], "zookeeper_quorum_port": inst["quorum_port"],
            "zookeeper_election_port": inst["election_port"], "zookeeper_admin_port": inst["admin_port"],
            "zookeeper_hierarchical_quorum": True, "zookeeper_install_method": "archive",
            "zookeeper_data_dir": "%s/data" % tmp, "zookeeper_conf_dir": "%s/conf" % tmp,
            "zookeeper_log_dir": "%s/log" % tmp, "zookeeper_install_dir": "%s/opt" % tmp,
            "zookeeper_home_dir": "%s/home" % tmp, "zookeeper_download_dir": "%s/download" % tmp,
            "zookeeper_java_install": False,
        }
    return inventory


def test_the_report_of_an_entry_point_from_its_plan(five_in_three_rooms, run_playbook, tmp_path):
    """tasks/report.yml as site.yml, room_drill and the day-2 playbooks import it: the plan gives ids, hosts, rooms."""
    ens = five_in_three_rooms
    task, plan = role_preflight.preflight(_plan_inventory(ens, str(tmp_path)))
    assert task is None, plan
    assert plan["addresses"] == ens.addresses() and plan["quorum_groups"] == {1: [1, 2], 2: [3, 4], 3: [5]}
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"zookeeper": {"hosts": dict(
        ("zk%d" % sid, {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                        "__zookeeper_room": room}) for sid, room in ROOMS.items())}}))
    page = tmp_path / "site.html"
    extra = {"__zookeeper_plan": plan, "__zookeeper_room_order": ["dc-a", "dc-b", "dc-c"],
             "zookeeper_hierarchical_quorum": True, "zookeeper_status_report": str(page)}
    rc, output = run_playbook("tests/integration/playbooks/report.yml", extra, inventory=inventory)
    assert rc == 0, output[-4000:]
    assert re.search(r"zk1\s*: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0", output), output[-2000:]
    text = page.read_text()
    dom = _Dom(text)
    assert dom.rooms == ["dc-a", "dc-b", "dc-c"]
    assert [c["data-state"] for c in dom.cards] == ["up"] * 5
    for sid in ROOMS:
        card = re.search(r"<article [^>]*data-address=\"%s\".*?</article>" % re.escape(ens.address(sid)),
                         text).group(0)
        assert "<span class=\"sid\">#%d</span>" % sid in card and "host zk%d" % sid in card
    assert "a weight majority in 2 of 3 groups" in text
    # Majority would say 2; with one group per room two groups must fall, and a group of two falls with one
    # server: dc-c's server and one more anywhere break it, so one more may fail.
    assert dom.figures["can_lose"] == "1"
    assert oct(os.stat(str(page)).st_mode & 0o777) == "0o644"
