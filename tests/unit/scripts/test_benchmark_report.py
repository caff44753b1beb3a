# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""scripts/benchmark_report.py: the summary, the Markdown page, the latency plot and the CLI.

The results are synthetic (built below, in the shape scripts/benchmark.py
writes): two trees, the six strategies, three runs each, and a plot section
with made-up series that include failed writes and negative times.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts")
sys.path.insert(0, os.path.abspath(SCRIPTS))
import benchmark_report  # noqa: E402  pylint: disable=wrong-import-position,import-error

HOSTS = ["zkops-bench5-%d" % i for i in range(1, 6)]
STRATEGIES = [
    ("rolling", "zkops.ensemble rolling restart", "serial, followers first, the leader last",
     "ansible-playbook -i INV zkops.ensemble.rolling_restart", True),
    ("unordered", "Unordered serial restart", "serial, in inventory order", "ansible-playbook -i INV unordered.yml", True),
    ("all_at_once", "All at once (handler)", "every server restarted by the handler at once",
     "ansible-playbook -i INV site.yml -e zk_restart=all", False),
    ("upgrade", "Rolling upgrade 3.8.0 -> 3.9.3", "rolling, with the new version", "ansible-playbook -i INV upgrade.yml", True),
    ("rollback", "Rollback 3.9.3 -> 3.8.0", "rolling, back to the old version", "ansible-playbook -i INV rollback.yml", True),
    ("room_loss", "Room loss (drill of the leader's room)", "stop the leader's room, then start it",
     "ansible-playbook -i INV drill.yml | tee drill.log", False),
]
# Per strategy, the three reps' wall times (large tree); the small tree's are 10 s shorter.
WALLS = {"rolling": (61.2, 58.0, 64.5), "unordered": (50.0, 52.5, 49.0), "all_at_once": (20.0, 20.0, 20.0),
         "upgrade": (120.0, 118.0, 125.0), "rollback": (110.0, 111.0, 109.0), "room_loss": (40.0, 45.0, 42.0)}
STALLS = {"rolling": (1.41, 1.2, 2.05), "unordered": (6.5, 7.25, 5.0), "all_at_once": (12.0, 11.0, 13.5),
          "upgrade": (1.5, 1.6, 1.4), "rollback": (1.3, 1.3, 1.3), "room_loss": (8.0, 9.0, 8.5)}
OUTAGES = {  # (host, down, synced) in the plotted run of each of the three restart strategies
    "rolling": [(HOSTS[2], 9.5, 14.0), (HOSTS[3], 20.0, 24.5), (HOSTS[1], 30.5, 35.0), (HOSTS[4], 41.0, 45.5),
                (HOSTS[0], 51.5, 57.0)],
    "unordered": [(HOSTS[0], 8.0, 15.0), (HOSTS[1], 17.0, 22.0), (HOSTS[2], 24.0, 29.0), (HOSTS[3], 31.0, 36.0),
                  (HOSTS[4], 38.0, 44.0)],
    "all_at_once": [(HOSTS[i], 7.0 + 0.2 * i, 18.0 + 0.3 * i) for i in range(5)],
}
LEADER = HOSTS[0]


def _run(tree, strategy, rep, serial):
    """One run with numbers that differ per strategy, rep and tree."""
    index = rep - 1
    shift = 0.0 if tree == "large" else -10.0
    run = {
        "tree": tree, "strategy": strategy, "rep": rep, "ok": True, "error": None,
        "wall_s": WALLS[strategy][index] + shift, "settled_s": WALLS[strategy][index] + shift + 1.5,
        "attempted": 3000 + 10 * rep, "acknowledged": 2990 + rep, "failed": 10 * rep - rep, "lost": 0, "unexpected": 0,
        "longest_stall_s": STALLS[strategy][index],
        "latency_ms": {"p50": 2.0 + 0.1 * rep, "p99": 30.0 + 5 * rep, "max": 1000.0 + 200 * rep, "count": 2990 + rep},
        "leader_changes": 1 if strategy != "all_at_once" else rep,
        "startup_s": 9.0 + rep,
        "overhead_per_server_s": 3.0 + 0.25 * rep if serial else None,
        "servers": [{"host": host, "order": i + 1, "was_leader": host == LEADER, "down_at_s": 9.5 + 10 * i,
                     "synced_at_s": 14.0 + 10 * i, "restart_to_synced_s": 4.5, "step_s": 7.7, "overhead_s": 3.2}
                    for i, host in enumerate(HOSTS)],
    }
    if tree == "large" and strategy == "unordered" and rep == 2:
        run["startup_s"] = None  # one run without the figure: the median is then of an even count
    if tree == "small" and strategy == "room_loss" and rep == 3:
        run.update(ok=False, error="timeout waiting for quorum | room c")
    return run


def _series(strategy):
    """Writes every 0.1 s from -3 s (the writer starts first): slow or failed inside an outage."""
    points = []
    outages = OUTAGES[strategy]
    for step in range(-30, 700):
        t = step / 10.0
        inside = [o for o in outages if o[1] <= t < o[2]]
        if strategy == "all_at_once" and inside:
            points.append([t, None])  # no quorum: the write fails
        elif inside and step % 10 == 0:
            points.append([t, 1800.0 if strategy == "rolling" else 6000.0])
        else:
            points.append([t, 1.5 + (step % 7) * 0.3 if step % 50 else 0.2])  # 0.2: below the 0.5 ms clamp
    return points


def make_results():
    """Synthetic results in the driver's shape."""
    runs = [_run(tree, sid, rep, serial) for tree in ("small", "large")
            for sid, _title, _what, _command, serial in STRATEGIES for rep in (1, 2, 3)]
    plot_runs = []
    for strategy, rep in (("rolling", 2), ("unordered", 1), ("all_at_once", 3)):
        plot_runs.append({"strategy": strategy, "rep": rep, "series": _series(strategy),
                          "outages": [{"host": h, "from_s": a, "to_s": b} for h, a, b in OUTAGES[strategy]],
                          "wall_s": WALLS[strategy][rep - 1]})
    return {
        "benchmark": "zkops.ensemble operations benchmark",
        "started_at": "2026-12-01T20:30:00Z", "finished_at": "2026-12-01T23:10:00Z", "commit": "abc1234",
        "command": "make benchmark",
        "machine": {"cpus": 2, "memory_gb": 23, "load_average_start": [1.2, 1.0, 0.9], "load_average_end": [2.5, 2.1, 1.8]},
        "bench": {"servers": 5, "hosts": HOSTS, "rooms": {"a": HOSTS[:2], "b": HOSTS[2:4], "c": HOSTS[4:]},
                  "zookeeper_version": "3.8.0", "upgrade_to": "3.9.3", "heap_mb": 1024,
                  "workload": {"rate": 50, "session_timeout_s": 10}, "runs_per_strategy": 3},
        "converge": {"first_s": 190.2, "noop_s": 38.1, "noop_ratio": 0.2, "noop_changed": 0},
        "trees": [{"name": "small", "znodes": 1000, "value_bytes": 1024, "znode_count": 1012,
                   "approximate_data_size": 1100000, "snapshot_bytes": 1200000},
                  {"name": "large", "znodes": 100000, "value_bytes": 1024, "znode_count": 100012,
                   "approximate_data_size": 110000000, "snapshot_bytes": 120000000}],
        "strategies": [{"id": i, "title": t, "description": d, "command": c, "serial": s} for i, t, d, c, s in STRATEGIES],
        "runs": runs,
        "plot": {"tree": "large", "rule": "per strategy the run with the median longest stall", "runs": plot_runs},
    }


@pytest.fixture(name="results")
def results_fixture():
    return make_results()


def _entry(summary, tree, strategy):
    return next(e for e in summary if e["tree"] == tree and e["strategy"] == strategy)


def _row(markdown, tree, title):
    """The cells of a strategy's row in a tree's results table."""
    section = markdown.split("### %s tree" % tree, 1)[1].split("\n\n", 2)[1]
    line = next(x for x in section.splitlines() if x.startswith("| %s" % title))
    return [c.strip() for c in line.strip("|").split(" | ")]


# --- summarize ---------------------------------------------------------------------------------

def test_median_of_odd_and_even_counts():
    assert benchmark_report.median([3, 1, 2]) == 2
    assert benchmark_report.median([4, 1, 3, 2]) == 2.5
    assert benchmark_report.median([7]) == 7


def test_summarize_one_entry_per_tree_and_strategy_in_order(results):
    summary = benchmark_report.summarize(results)
    ids = [s[0] for s in STRATEGIES]
    assert [(e["tree"], e["strategy"]) for e in summary] == [(t, s) for t in ("small", "large") for s in ids]
    assert all(e["runs"] == 3 for e in summary)
    assert _entry(summary, "small", "room_loss")["ok_runs"] == 2
    assert _entry(summary, "large", "room_loss")["ok_runs"] == 3


def test_summarize_median_and_range_of_an_odd_count(results):
    entry = _entry(benchmark_report.summarize(results), "large", "rolling")
    assert entry["wall_s"] == {"median": 61.2, "min": 58.0, "max": 64.5}
    assert entry["longest_stall_s"] == {"median": 1.41, "min": 1.2, "max": 2.05}
    assert entry["latency_p99_ms"] == {"median": 40.0, "min": 35.0, "max": 45.0}
    assert entry["acknowledged"] == {"median": 2992, "min": 2991, "max": 2993}
    small = _entry(benchmark_report.summarize(results), "small", "rolling")
    assert small["wall_s"]["median"] == pytest.approx(51.2)


def test_summarize_even_count_is_the_mean_of_the_middle_two(results):
    # large/unordered rep 2 has no startup_s: the median is over reps 1 and 3 (10.0 and 12.0).
    entry = _entry(benchmark_report.summarize(results), "large", "unordered")
    assert entry["startup_s"] == {"median": 11.0, "min": 10.0, "max": 12.0}
    results["runs"] = [r for r in results["runs"] if not (r["strategy"] == "rolling" and r["rep"] == 3)]
    entry = _entry(benchmark_report.summarize(results), "large", "rolling")
    assert entry["runs"] == 2
    assert entry["wall_s"] == {"median": pytest.approx(59.6), "min": 58.0, "max": 61.2}


def test_summarize_null_when_no_run_has_the_value(results):
    summary = benchmark_report.summarize(results)
    assert _entry(summary, "large", "all_at_once")["overhead_per_server_s"] is None
    assert _entry(summary, "large", "rolling")["overhead_per_server_s"] == {"median": 3.5, "min": 3.25, "max": 3.75}
    for run in results["runs"]:
        del run["latency_ms"]
    assert _entry(benchmark_report.summarize(results), "small", "rolling")["latency_max_ms"] is None


def test_summarize_does_not_mutate_the_results(results):
    before = copy.deepcopy(results)
    benchmark_report.summarize(results)
    assert results == before


def test_summarize_keeps_pairs_without_runs_and_runs_of_unknown_pairs(results):
    results["runs"] = [r for r in results["runs"] if r["strategy"] != "rollback"]
    results["runs"].append(dict(results["runs"][0], strategy="mystery"))
    summary = benchmark_report.summarize(results)
    assert _entry(summary, "large", "rollback")["runs"] == 0
    assert _entry(summary, "large", "rollback")["wall_s"] is None
    assert (summary[-1]["tree"], summary[-1]["strategy"], summary[-1]["runs"]) == ("small", "mystery", 1)


# --- markdown ----------------------------------------------------------------------------------

def test_markdown_cells_are_median_and_range(results):
    markdown = benchmark_report.render_markdown(results)
    row = _row(markdown, "large", "zkops.ensemble rolling restart")
    # strategy | wall | stall | latency | leader changes | most out at once | ack / failed / lost | overhead
    # | startup
    assert row[1] == "61.2 (58.0–64.5)"
    assert row[2] == "1.41 (1.20–2.05)"
    assert row[3] == "2.2 (2.1–2.3) / 40.0 (35.0–45.0) / 1400 (1200–1600)"
    assert row[4] == "1"  # min == max: the value alone
    assert row[5] == "n/a"  # the fixture's runs do not say
    assert row[6] == "2992 (2991–2993) / 18 (9–27) / 0"
    assert row[7] == "3.5 (3.2–3.8)"
    assert row[8] == "11.0 (10.0–12.0)"
    unordered = _row(markdown, "large", "Unordered serial restart")
    assert unordered[8] == "11.0 (10.0–12.0)"  # rep 2 has none: the median of two
    all_at_once = _row(markdown, "large", "All at once (handler)")
    assert all_at_once[1] == "20.0"
    assert all_at_once[7] == "n/a"
    assert _row(markdown, "small", "zkops.ensemble rolling restart")[1] == "51.2 (48.0–54.5)"
    assert _row(markdown, "small", "All at once (handler)")[1] == "10.0"


def test_markdown_names_runs_not_ok_per_tree(results):
    markdown = benchmark_report.render_markdown(results)
    small, large = markdown.split("### small tree", 1)[1].split("### large tree", 1)
    assert "Room loss (drill of the leader's room) (2 of 3 runs ok)" in small
    assert "Runs not ok: Room loss (drill of the leader's room) run 3: timeout waiting for quorum \\| room c." in small
    assert "Runs not ok: none." in large.split("## ", 1)[0]


def test_markdown_has_commands_context_and_image(results):
    markdown = benchmark_report.render_markdown(results)
    assert "```sh\nmake benchmark\n```" in markdown
    assert "```sh\nscripts/benchmark_report.py docs/benchmarks.json\n```" in markdown
    assert "`ansible-playbook -i INV drill.yml \\| tee drill.log`" in markdown  # a | escaped in the table
    assert "`abc1234`" in markdown and "2026-12-01T20:30:00Z" in markdown and "2 CPUs, 23 GB memory" in markdown
    assert "1.20 / 1.00 / 0.90 at the start" in markdown
    assert "at 50 writes/s" in markdown and "ran 3 times per tree" in markdown and "`median (min–max)`" in markdown
    assert "First converge of a new ensemble (install, configure, start): 190.2 s." in markdown
    assert "38.1 s (20 % of the first), changed=0." in markdown
    assert "![Write latency during a restart, large tree](images/benchmark-restart-latency.png)" in markdown
    caption = markdown.split("](images/benchmark-restart-latency.png)", 1)[1].split("\n\n", 2)[1]
    for text in ("large tree (100,012 znodes)", "per strategy the run with the median longest stall",
                 "zkops.ensemble rolling restart run 2", "Unordered serial restart run 1", "All at once (handler) run 3"):
        assert text in caption
    assert "## How the figures are measured" in markdown
    assert "the longest time between two acknowledged writes" in markdown
    assert "## Appendix: every run on the large tree" in markdown
    assert "## Appendix: every run on the small tree" not in markdown


def test_markdown_survives_missing_optional_keys():
    results = {"runs": [{"tree": "t", "strategy": "s", "rep": 1, "ok": True, "wall_s": 5}], "converge": None}
    markdown = benchmark_report.render_markdown(results)
    assert "| s | 5 | n/a |" in markdown
    assert "## Converge" not in markdown
    assert "The results have no plot data." in markdown


# --- plot --------------------------------------------------------------------------------------

def _render(results, path):
    benchmark_report.plot_latency(results, str(path))
    with open(str(path), "rb") as handle:
        return handle.read()


def _count(image, colour):
    return sum(n for n, c in image.getcolors(maxcolors=1 << 20) if c == colour)


def _mean_row(image, colour):
    width, raw, target = image.size[0], image.tobytes(), bytes(colour)
    rows = [i // 3 // width for i in range(0, len(raw), 3) if raw[i:i + 3] == target]
    return sum(rows) / len(rows)


def test_plot_size_series_colours_and_failed_marks(results, tmp_path):
    data = _render(results, tmp_path / "plot.png")
    image = Image.open(io.BytesIO(data))
    assert image.size == (1400, 900)
    assert image.mode == "RGB"
    assert image.getpixel((2, 2)) == (255, 255, 255)
    empty = copy.deepcopy(results)
    for run in empty["plot"]["runs"]:
        run["series"] = []
    bare = Image.open(io.BytesIO(_render(empty, tmp_path / "bare.png")))
    # The titles share the series' colours: the dots must add many pixels of their own.
    for colour in benchmark_report.STRATEGY_COLOURS.values():
        assert _count(image, colour) > _count(bare, colour) + 1000, colour
    assert _count(image, benchmark_report.FAILED) > _count(bare, benchmark_report.FAILED) + 100


def test_plot_panels_are_rolling_unordered_all_at_once(results, tmp_path):
    results["plot"]["runs"].reverse()
    image = Image.open(io.BytesIO(_render(results, tmp_path / "plot.png")))
    colours = benchmark_report.STRATEGY_COLOURS
    rolling, unordered, together = (_mean_row(image, colours[s]) for s in ("rolling", "unordered", "all_at_once"))
    assert rolling < 330 < unordered < 600 < together


def test_plot_is_deterministic(results, tmp_path):
    assert _render(results, tmp_path / "a.png") == _render(copy.deepcopy(results), tmp_path / "b.png")


def test_plot_scales_are_shared():
    runs = make_results()["plot"]["runs"]
    assert benchmark_report.x_range(runs) == (-10, 70, 10)
    assert benchmark_report.y_top(runs) == 10000.0
    runs[0]["series"].append([71.0, 25000.0])
    assert benchmark_report.x_range(runs) == (-10, 80, 10)
    assert benchmark_report.y_top(runs) == 100000.0


def test_stall_of_a_series_skips_failed_writes():
    assert benchmark_report.stall_of([[-1.0, 2.0], [0.0, None], [3.5, 2.0], [4.0, 1.0]]) == 4.5


# --- outputs and CLI -----------------------------------------------------------------------------

def test_write_outputs_without_plot_data_writes_only_the_page(results, tmp_path):
    del results["plot"]
    markdown, png = benchmark_report.write_outputs(results, str(tmp_path / "docs" / "b.md"), str(tmp_path / "p.png"))
    assert png is None and not (tmp_path / "p.png").exists()
    assert "The results have no plot data." in (tmp_path / "docs" / "b.md").read_text(encoding="utf-8")
    assert markdown == str(tmp_path / "docs" / "b.md")


def test_cli_rerenders_from_a_results_file(results, tmp_path):
    source = tmp_path / "benchmarks.json"
    source.write_text(json.dumps(results), encoding="utf-8")
    page = tmp_path / "out" / "benchmarks.md"
    plot = tmp_path / "out" / "img" / "latency.png"
    script = os.path.join(os.path.abspath(SCRIPTS), "benchmark_report.py")
    done = subprocess.run([sys.executable, script, str(source), "--markdown", str(page), "--plot", str(plot)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wrote %s" % page in done.stdout
    text = page.read_text(encoding="utf-8")
    assert "](img/latency.png)" in text  # linked relative to the page
    assert text == benchmark_report.render_markdown(results, image_link="img/latency.png")
    assert plot.read_bytes() == _render(results, tmp_path / "in-process.png")


def test_cli_reports_an_unreadable_file(tmp_path):
    script = os.path.join(os.path.abspath(SCRIPTS), "benchmark_report.py")
    done = subprocess.run([sys.executable, script, str(tmp_path / "missing.json")],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert "cannot read" in done.stderr
