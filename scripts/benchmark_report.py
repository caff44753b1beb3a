#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the operations benchmark's results JSON into docs/benchmarks.md and one latency plot.

The benchmark driver (scripts/benchmark.py, run by ``make benchmark``) restarts
an ensemble of 5 servers with several strategies while a live writer creates
znodes, and writes everything it measured to one JSON file. This module turns
that file into:

  - a Markdown page for operators (what was measured, the commands, the
    machine, the converge figures, the strategies and one table per data tree
    with every figure as ``median (min–max)`` over the runs), and
  - one PNG: write latency over time during a restart, one panel per strategy
    (rolling, unordered, all at once) on one shared time axis.

The driver imports it (scripts/ on sys.path) and calls ``summarize(results)``
to store ``results["summary"]`` and ``write_outputs(results, markdown_path,
png_path)``. Run on its own, it re-renders both from a committed JSON file, so
the page can be regenerated without re-running the benchmark:

  scripts/benchmark_report.py docs/benchmarks.json
  scripts/benchmark_report.py RESULTS.json [--markdown docs/benchmarks.md]
                              [--plot docs/images/benchmark-restart-latency.png]

Standard library and Pillow only; the same JSON always renders the same bytes.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import math
import os
import sys

from PIL import Image, ImageDraw, ImageFont

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MARKDOWN = os.path.join(REPO, "docs", "benchmarks.md")
DEFAULT_PLOT = os.path.join(REPO, "docs", "images", "benchmark-restart-latency.png")
# The link in the page when it is rendered without paths (render_markdown alone): docs/ -> docs/images/.
DEFAULT_IMAGE_LINK = "images/benchmark-restart-latency.png"
DEFAULT_COMMAND = "make benchmark"
RERENDER_COMMAND = "scripts/benchmark_report.py docs/benchmarks.json"

# Summary metrics: name in the summary -> path into a run. Latencies are nested under latency_ms.
METRICS = (
    ("wall_s", ("wall_s",)),
    ("settled_s", ("settled_s",)),
    ("attempted", ("attempted",)),
    ("acknowledged", ("acknowledged",)),
    ("failed", ("failed",)),
    ("lost", ("lost",)),
    ("unexpected", ("unexpected",)),
    ("longest_stall_s", ("longest_stall_s",)),
    ("latency_p50_ms", ("latency_ms", "p50")),
    ("latency_p99_ms", ("latency_ms", "p99")),
    ("latency_max_ms", ("latency_ms", "max")),
    ("leader_changes", ("leader_changes",)),
    ("startup_s", ("startup_s",)),
    ("overhead_per_server_s", ("overhead_per_server_s",)),
    ("closing_s", ("closing_s",)),
    ("most_out_at_once", ("most_out_at_once",)),
)

# --- plot geometry and style ---------------------------------------------------------------
WIDTH, HEIGHT = 1400, 900
MARGIN_LEFT, MARGIN_RIGHT = 110, 40
PANELS_TOP, PANELS_BOTTOM = 78, HEIGHT - 64
PANEL_TITLE_H = 22     # the panel's title line
BAND_LABEL_H = 16      # a strip above the plot area for the outage labels, so they never cover data
FAILED_STRIP_H = 16    # the top of each plot area, above the y range, where failed writes are marked
FAILED_GAP = 6         # between that strip and the top of the y range, so "failed" and the top tick label stay apart
PANEL_GAP = 10
MIN_LATENCY_MS = 0.5   # log scale: clamp anything faster (and 0) to this
MIN_TOP_MS = 10000.0   # the y range reaches at least 10 s, the workload's session timeout
STALL_LINE_MS = 2000.0

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
AXIS = (90, 90, 90)
GRID = (222, 222, 222)
TEXT = (40, 40, 40)
MUTED = (110, 110, 110)
FAILED = (214, 39, 40)
BAND = (120, 120, 170, 30)  # RGBA: overlapping outages (all at once) add up to a darker shade
STRATEGY_ORDER = ("rolling", "unordered", "all_at_once")
STRATEGY_COLOURS = {"rolling": (31, 119, 180), "unordered": (255, 127, 14), "all_at_once": (44, 160, 44)}
FALLBACK_COLOURS = ((148, 103, 189), (140, 86, 75), (23, 190, 207))
FONT_PATHS = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


# --- summary ---------------------------------------------------------------------------------

def median(values):
    """The median of a non-empty list; of an even count, the mean of the middle two."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _lookup(run, path):
    """run[path[0]][path[1]]..., or None when any step is missing or null."""
    value = run
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    # bool is an int to Python; a flag is never a figure.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def spread(values):
    """{"median", "min", "max"} of the numbers among values, or None when there are none."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    return {"median": median(numbers), "min": min(numbers), "max": max(numbers)}


def _pairs(results):
    """(tree, strategy) in the order of trees then strategies, then any pair only the runs name."""
    trees = [t.get("name") for t in results.get("trees") or []]
    strategies = [s.get("id") for s in results.get("strategies") or []]
    pairs = [(t, s) for t in trees for s in strategies]
    for run in results.get("runs") or []:
        pair = (run.get("tree"), run.get("strategy"))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def summarize(results):
    """One entry per (tree, strategy): run counts and median/min/max of each metric over its runs.

    Every run counts, ok or not (the page lists the runs that were not ok); a
    metric no run has is None. The runs themselves are only read.
    """
    runs = results.get("runs") or []
    summary = []
    for tree, strategy in _pairs(results):
        mine = [r for r in runs if r.get("tree") == tree and r.get("strategy") == strategy]
        entry = {"tree": tree, "strategy": strategy, "runs": len(mine),
                 "ok_runs": sum(1 for r in mine if r.get("ok"))}
        for name, path in METRICS:
            entry[name] = spread([_lookup(r, path) for r in mine])
        summary.append(entry)
    return summary


# --- markdown --------------------------------------------------------------------------------

def fmt_number(value, decimals):
    """A figure for a table: integers as they are, floats with the given decimals, None as n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, int) or (decimals == 0 and float(value).is_integer()):
        return str(int(round(value)))
    return "%.*f" % (decimals, value)


def fmt_latency(value):
    """Milliseconds: one decimal below 1 s (p50s of a few ms), whole ms above."""
    if value is None:
        return "n/a"
    return fmt_number(float(value), 1 if abs(value) < 1000 else 0)


def fmt_spread(stats, formatter):
    """``median (min–max)``, the median alone when min and max print the same, n/a when missing."""
    if stats is None:
        return "n/a"
    low, high = formatter(stats["min"]), formatter(stats["max"])
    if low == high:
        return formatter(stats["median"])
    return "%s (%s–%s)" % (formatter(stats["median"]), low, high)


def _seconds(decimals):
    return lambda value: fmt_number(value, decimals)


def _count(value):
    # A median of an even count of integers can be x.5: keep it, drop the .0 of whole ones.
    if value is None:
        return "n/a"
    if float(value).is_integer():
        return str(int(value))
    return "%.1f" % value


def _thousands(value):
    """100012 -> 100,012: znode counts are easier to compare with separators."""
    return "n/a" if value is None else "{:,}".format(value)


def fmt_bytes(value):
    """Bytes in decimal units (kB, MB, GB), as df and du -H print them."""
    if value is None:
        return "n/a"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return "%.1f %s" % (value / size, unit)
    return "%d B" % value


def cell(text):
    """Markdown table cell text: a | would end the cell and a newline the row."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def code(text):
    """Inline code for a table cell."""
    return "`%s`" % cell(text) if text else "n/a"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _column in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _strategy_titles(results):
    return dict((s.get("id"), s.get("title") or s.get("id")) for s in results.get("strategies") or [])


def _tree_by_name(results, name):
    for tree in results.get("trees") or []:
        if tree.get("name") == name:
            return tree
    return {}


def _intro(results):
    """The title and the paragraph on what was measured and why."""
    bench = results.get("bench") or {}
    workload = bench.get("workload") or {}
    servers = bench.get("servers", "the")
    trees = results.get("trees") or []
    tree_words = " and ".join("%s (%s znodes)" % (t.get("name"), "{:,}".format(t["znodes"]) if t.get("znodes") else "n/a")
                              for t in trees) or "n/a"
    rate = workload.get("rate")
    timeout = workload.get("session_timeout_s")
    reps = bench.get("runs_per_strategy")
    text = ("Each strategy below restarts (or upgrades, rolls back, or loses a room of) an ensemble of %s "
            "ZooKeeper servers%s while the same live kazoo writer creates znodes "
            "at %s writes/s%s, and reads every acknowledged write back afterwards with a new session. "
            "It is what a client sees during the operation: how long writes stall, how slow they get, whether "
            "any acknowledged write is lost, and how long the playbook takes. Each strategy runs on %s data "
            "trees, %s, so the time a restarted server needs to load its snapshot counts. "
            "Each strategy ran %s times per tree; the tables show the median and the range over the runs as "
            "`median (min–max)` (just the value when all runs agree, `n/a` when no run measured it).")
    version = bench.get("zookeeper_version")
    return ["# Operations benchmark: restarts under a live writer", "",
            text % (servers, " (%s)" % version if version else "",
                    rate if rate is not None else "n/a",
                    " with a %s s session timeout" % timeout if timeout is not None else "",
                    len(trees) or "the", tree_words, reps if reps is not None else "several")]


def _how_made(results):
    """The commands, the machine, the commit and the dates."""
    machine = results.get("machine") or {}
    bench = results.get("bench") or {}
    lines = ["## How this page was made", "",
             "Run the benchmark (it rewrites `docs/benchmarks.json`, this page and the plot):", "",
             "```sh", results.get("command") or DEFAULT_COMMAND, "```", "",
             "Re-render this page and the plot from the committed results, without re-running anything:", "",
             "```sh", RERENDER_COMMAND, "```", ""]
    load_start = machine.get("load_average_start")
    load_end = machine.get("load_average_end")
    facts = [
        ("Started", results.get("started_at")),
        ("Finished", results.get("finished_at")),
        ("Commit", "`%s`" % results["commit"] if results.get("commit") else None),
        ("Machine", "%s CPUs, %s GB memory" % (machine.get("cpus", "n/a"), machine.get("memory_gb", "n/a"))
         if machine else None),
        ("Load average (1, 5, 15 min)", "%s at the start, %s at the end" % (
            " / ".join("%.2f" % v for v in load_start) if load_start else "n/a",
            " / ".join("%.2f" % v for v in load_end) if load_end else "n/a") if (load_start or load_end) else None),
        ("Servers", ", ".join("`%s`" % h for h in bench.get("hosts") or []) or None),
        ("Rooms", "; ".join("%s: %s" % (room, ", ".join(hosts)) for room, hosts in sorted((bench.get("rooms") or {}).items()))
         or None),
        ("ZooKeeper", "%s (upgrade to %s)" % (bench.get("zookeeper_version"), bench.get("upgrade_to"))
         if bench.get("upgrade_to") else bench.get("zookeeper_version")),
        ("Heap", "%s MB" % bench["heap_mb"] if bench.get("heap_mb") else None),
    ]
    lines.extend("- %s: %s" % (name, value) for name, value in facts if value is not None)
    return lines


def _converge(results):
    """First and no-op converge times, when the driver measured them."""
    converge = results.get("converge")
    if not converge:
        return []
    first, noop = converge.get("first_s"), converge.get("noop_s")
    ratio = converge.get("noop_ratio")
    if ratio is None and first and noop is not None:
        ratio = noop / first
    changed = converge.get("noop_changed")
    parts = ["First converge of a new ensemble (install, configure, start): %s s." % fmt_number(first, 1)]
    if noop is not None:
        parts.append("Second converge with nothing to change: %s s%s, changed=%s%s." % (
            fmt_number(noop, 1), " (%.0f %% of the first)" % (ratio * 100) if ratio is not None else "",
            changed if changed is not None else "n/a",
            "" if changed in (0, None) else " (a no-op converge should change nothing)"))
    return ["## Converge", "", " ".join(parts)]


def _snapshots(tree):
    by_host = tree.get("snapshot_bytes_by_host")
    if by_host:
        return ", ".join("%s: %s" % (cell(host.rsplit("-", 1)[-1]), fmt_bytes(size)) for host, size in sorted(by_host.items()))
    return "%s (first host)" % fmt_bytes(tree.get("snapshot_bytes"))


def _trees_table(results):
    trees = results.get("trees") or []
    if not trees:
        return []
    rows = [[cell(t.get("name")), _thousands(t.get("znodes")), fmt_bytes(t.get("value_bytes")), _thousands(t.get("znode_count")),
             _snapshots(t)] for t in trees]
    notes = ["%s tree: %s" % (cell(t.get("name")), cell(t["snapshot_note"])) for t in trees if t.get("snapshot_note")]
    notes = [""] + notes if notes else []
    return ["## Data trees", "",
            "Loaded before the runs. A restarting server loads its newest snapshot and replays its transaction log "
            "after it; a server takes a snapshot every 5,000 to 10,000 transactions it logs since its start "
            "(snapCount 10,000), and a new leader takes one when it starts leading.", ""] + _table(
        ["tree", "znodes created", "value size", "znodes in the ensemble", "newest snapshot when the tree's runs ended"],
        rows) + notes


def _strategies_table(results):
    strategies = results.get("strategies") or []
    rows = [[cell(s.get("title") or s.get("id")), cell(s.get("description") or "n/a"), code(s.get("command")),
             "one at a time" if s.get("serial") else "several at once" if s.get("serial") is False else "n/a"]
            for s in strategies]
    return ["## Strategies", ""] + _table(["strategy", "what it does", "command", "servers"], rows)


# Results table columns: header, then (metric, formatter) pairs joined with " / " in one cell.
RESULT_COLUMNS = (
    ("wall time s", (("wall_s", _seconds(1)),)),
    ("longest stall s", (("longest_stall_s", _seconds(2)),)),
    ("latency p50 / p99 / max ms", (("latency_p50_ms", fmt_latency), ("latency_p99_ms", fmt_latency),
                                    ("latency_max_ms", fmt_latency))),
    ("leader changes", (("leader_changes", _count),)),
    ("most servers out at once", (("most_out_at_once", _count),)),
    ("acknowledged / failed / lost", (("acknowledged", _count), ("failed", _count), ("lost", _count))),
    ("overhead per server s", (("overhead_per_server_s", _seconds(1)),)),
    ("startup s", (("startup_s", _seconds(1)),)),
    ("closing s", (("closing_s", _seconds(1)),)),
)


def _results_table(results, summary, tree):
    """One tree's table, then the runs of that tree that were not ok."""
    titles = _strategy_titles(results)
    rows = []
    for entry in (e for e in summary if e["tree"] == tree):
        name = cell(titles.get(entry["strategy"], entry["strategy"]))
        if entry["runs"] == 0:
            name += " (no runs)"
        elif entry["ok_runs"] < entry["runs"]:
            name += " (%d of %d runs ok)" % (entry["ok_runs"], entry["runs"])
        rows.append([name] + [" / ".join(fmt_spread(entry[metric], formatter) for metric, formatter in parts)
                              for _header, parts in RESULT_COLUMNS])
    info = _tree_by_name(results, tree)
    count = info.get("znode_count") or info.get("znodes")
    lines = ["### %s tree%s" % (tree, " (%s znodes)" % "{:,}".format(count) if count else ""), ""]
    lines += _table(["strategy"] + [header for header, _parts in RESULT_COLUMNS], rows)
    lines += ["", _not_ok_line(results, tree, titles)]
    unexpected = [e for e in summary if e["tree"] == tree and e["unexpected"] and e["unexpected"]["max"]]
    if unexpected:
        counts = ", ".join("%s %s" % (titles.get(e["strategy"], e["strategy"]), fmt_spread(e["unexpected"], _count))
                           for e in unexpected)
        lines += ["", "Unexpected znodes read back (a create that failed for the writer, with ConnectionLoss, but "
                      "that the ensemble applied: its answer was lost, not the write): " + counts + "."]
    return lines


def _not_ok_line(results, tree, titles):
    bad = [r for r in results.get("runs") or [] if r.get("tree") == tree and not r.get("ok")]
    if not bad:
        return "Runs not ok: none."
    listed = ["%s run %s: %s" % (titles.get(r.get("strategy"), r.get("strategy")), r.get("rep"),
                                 cell(r.get("error") or "no error recorded")) for r in bad]
    return "Runs not ok: " + "; ".join(listed) + "."


def _plot_section(results, image_link):
    plot = results.get("plot") or {}
    if not plot.get("runs"):
        return ["## Write latency during a restart", "", "The results have no plot data."]
    titles = _strategy_titles(results)
    tree = plot.get("tree")
    count = _tree_by_name(results, tree).get("znode_count")
    chosen = ", ".join("%s run %s" % (titles.get(r.get("strategy"), r.get("strategy")), r.get("rep"))
                       for r in _ordered_plot_runs(plot))
    caption = ("Write latency on the %s tree%s, one run of each strategy on one time axis (seconds since the "
               "playbook started); %s: %s. Shaded bands: each server's outage, from the first probe that found "
               "it down to the first that found it serving, labelled with the host's number; red x: failed writes; "
               "dashed line: 2 s; vertical lines: the playbook's start and end."
               % (tree, " (%s znodes)" % "{:,}".format(count) if count else "", plot.get("rule") or "chosen runs", chosen))
    return ["## Write latency during a restart", "",
            "![Write latency during a restart, %s tree](%s)" % (tree, image_link), "", "*%s*" % caption]


def _appendix(results, tree):
    """Per-run figures of one tree, compact; the JSON holds everything else."""
    titles = _strategy_titles(results)
    order = dict((s.get("id"), i) for i, s in enumerate(results.get("strategies") or []))
    runs = sorted((r for r in results.get("runs") or [] if r.get("tree") == tree),
                  key=lambda r: (order.get(r.get("strategy"), len(order)), str(r.get("strategy")), r.get("rep") or 0))
    if not runs:
        return []
    rows = []
    for run in runs:
        latency = run.get("latency_ms") or {}
        rows.append([cell(titles.get(run.get("strategy"), run.get("strategy"))), _count(run.get("rep")),
                     "yes" if run.get("ok") else "**no**",
                     fmt_number(run.get("wall_s"), 1), fmt_number(run.get("settled_s"), 1),
                     fmt_number(run.get("longest_stall_s"), 2), fmt_latency(latency.get("p99")),
                     fmt_latency(latency.get("max")), _count(run.get("leader_changes")),
                     " / ".join(_count(run.get(k)) for k in ("acknowledged", "failed", "lost")),
                     fmt_number(run.get("overhead_per_server_s"), 1), fmt_number(run.get("startup_s"), 1),
                     fmt_number(run.get("closing_s"), 1)])
    return ["## Appendix: every run on the %s tree" % tree, ""] + _table(
        ["strategy", "run", "ok", "wall s", "settled s", "longest stall s", "p99 ms", "max ms", "leader changes",
         "acknowledged / failed / lost", "overhead per server s", "startup s", "closing s"], rows)


HOW_MEASURED = """## How the figures are measured

- **wall time**: the ansible-playbook's wall time, from its start to its exit.
- **settled** (appendix): from the playbook's start until every server answered as synced (leader or follower) again.
- **longest stall**: the longest time between two acknowledged writes of the writer.
- **latency p50 / p99 / max**: from issuing a create to its acknowledgement, over acknowledged writes only.
- **acknowledged / failed / lost**: writes the ensemble acknowledged; writes that returned an error or timed
  out; and writes that were acknowledged but missing when read back afterwards with a new session
  (anything but 0 lost is a bug).
- **leader changes**: leader changes seen by polling `srvr` on every server every 0.5 s.
- **most servers out at once**: the most servers restarting at the same moment (from down to serving
  again); with 5 servers, 3 out at once is a lost quorum.
- **restarted servers**: those whose systemd MainPID changed during the run; each restarted once, and its
  restart is its longest interval in which a probe got no answer. (The committed results of commit
  `44fd070` were recorded before the MainPIDs were; `scripts/benchmark.py --reanalyse` classified them
  with the strategy's servers: every server, or the leader's room for the room loss.)
- **restart-to-synced** (per server, in the JSON and the plot's bands): from the first probe (every 0.2 s,
  one thread per server) that finds the server down or not serving to the first that finds it serving as
  leader or follower. A server that kept answering but stopped serving for a while (an election after the
  leader left) is listed under `elections` in the JSON, not counted as a restart.
- **overhead per server** (one-server-at-a-time strategies only): the mean over the servers but the last of
  (step time − restart-to-synced), where a server's step time runs from this server going down to the next
  one going down. It is what the playbook adds between two restarts: noticing that the server is synced,
  its checks and gates, asking for the next, starting the next restart (including the stop of the next
  server's JVM until its port closes). The last server has no next step.
- **startup**: from the playbook's start to the first server seen down (facts, preflight, reads).
- **closing**: from the last server synced to the playbook's end (the final checks, the write proof of an
  upgrade, the report).
- A negative overhead means the playbook restarted the next server before the one before it was serving
  again (two servers out at once); a negative closing time means the playbook ended before every server
  was serving again (the settled time in the appendix says when they were).
- Every run counts in the median and range, ok or not; runs that were not ok are listed under each table."""


def render_markdown(results, image_link=DEFAULT_IMAGE_LINK):
    """The content of docs/benchmarks.md; the summary is recomputed from the runs."""
    summary = summarize(results)
    lines = ["<!-- Generated by scripts/benchmark_report.py from the benchmark's results JSON; do not edit. -->", ""]
    lines += _intro(results) + [""] + _how_made(results) + [""]
    for section in (_converge(results), _trees_table(results), _strategies_table(results)):
        if section:
            lines += section + [""]
    lines += ["## Results", ""]
    trees = [t.get("name") for t in results.get("trees") or []]
    trees += [e["tree"] for e in summary if e["tree"] not in trees]
    for tree in trees:
        lines += _results_table(results, summary, tree) + [""]
    lines += _plot_section(results, image_link) + [""]
    lines += HOW_MEASURED.split("\n") + [""]
    appendix_tree = (results.get("plot") or {}).get("tree") or (trees[-1] if trees else None)
    appendix = _appendix(results, appendix_tree) if appendix_tree else []
    if appendix:
        lines += appendix + [""]
    return "\n".join(lines)


# --- plot --------------------------------------------------------------------------------------

def load_font(size, weight="regular"):
    """DejaVu Sans (fonts-dejavu-core) at size px; Pillow's own font when it is missing."""
    for path in (FONT_PATHS[weight], FONT_PATHS["regular"]):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _text_width(draw, text, font):
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    return right - left


def _ordered_plot_runs(plot):
    """The plot's runs as rolling, unordered, all at once, then any other strategy as given."""
    runs = list(plot.get("runs") or [])
    rank = dict((s, i) for i, s in enumerate(STRATEGY_ORDER))
    return sorted(runs, key=lambda r: rank.get(r.get("strategy"), len(rank)))  # stable: others keep their order


def _colour(strategy, index):
    return STRATEGY_COLOURS.get(strategy) or FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)]


def tick_step(span):
    """Seconds between x tick labels: 10 or 20 for a restart's minute or two, coarser for longer runs."""
    for step in (10, 20, 30, 60, 120, 300, 600):
        if span / step <= 16:
            return step
    return 1200


def x_range(plot_runs):
    """One time range for every panel: all writes, all outages, the playbook's start (0) and end."""
    times = [0.0]
    for run in plot_runs:
        times.extend(point[0] for point in run.get("series") or [] if point and point[0] is not None)
        for outage in run.get("outages") or []:
            times.extend(t for t in (outage.get("from_s"), outage.get("to_s")) if t is not None)
        if run.get("wall_s") is not None:
            times.append(run["wall_s"])
    low, high = min(times), max(times)
    step = tick_step(max(high - low, 1.0))
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high <= low:
        high = low + step
    return low, high, step


def y_top(plot_runs):
    """The top of the shared log scale: a power of ten above every latency, at least 10 s."""
    highest = max([p[1] for r in plot_runs for p in r.get("series") or [] if p and len(p) > 1 and p[1] is not None]
                  + [MIN_TOP_MS])
    return 10.0 ** math.ceil(math.log10(highest))


def _run_of(results, tree, strategy, rep):
    for run in results.get("runs") or []:
        if run.get("tree") == tree and run.get("strategy") == strategy and run.get("rep") == rep:
            return run
    return {}


def stall_of(series):
    """The longest time between two acknowledged writes, when the run's own figure is missing."""
    times = sorted(p[0] for p in series if p and len(p) > 1 and p[1] is not None and p[0] is not None)
    return max((b - a for a, b in zip(times, times[1:])), default=None)


def _short_host(host):
    """zkops-bench5-3 -> 3: the part after the last dash is what tells the servers apart."""
    return str(host).rsplit("-", 1)[-1] if host else "?"


class Frame(object):
    """Maps seconds and milliseconds to pixels in one panel's plot area."""

    def __init__(self, box, x_min, x_max, y_top_ms):
        self.left, self.top, self.right, self.bottom = box
        self.x_min, self.x_max = x_min, x_max
        self.strip_bottom = self.top + FAILED_STRIP_H  # the failed-writes strip sits above the y range
        self.data_top = self.strip_bottom + FAILED_GAP
        self.log_low, self.log_high = math.log10(MIN_LATENCY_MS), math.log10(y_top_ms)

    def x(self, seconds):
        return self.left + (seconds - self.x_min) / (self.x_max - self.x_min) * (self.right - self.left)

    def y(self, ms):
        value = math.log10(max(ms, MIN_LATENCY_MS))
        fraction = (value - self.log_low) / (self.log_high - self.log_low)
        return self.bottom - min(fraction, 1.0) * (self.bottom - self.data_top)


def _dashed_hline(draw, y, x0, x1, fill, dash=8, gap=5, width=1):
    x = x0
    while x < x1:
        draw.line([(x, y), (min(x + dash, x1), y)], fill=fill, width=width)
        x += dash + gap


def _dashed_vline(draw, x, y0, y1, fill, dash=5, gap=4):
    y = y0
    while y < y1:
        draw.line([(x, y), (x, min(y + dash, y1))], fill=fill, width=1)
        y += dash + gap


def _draw_bands(draw, frame, run, leaders, fonts):
    """Each server's outage as a light band, labelled above the plot area where there is room."""
    placed = []  # (x0, x1) of the labels already drawn, so none overlaps another
    for outage in sorted(run.get("outages") or [], key=lambda o: (o.get("from_s") or 0, str(o.get("host")))):
        start, end = outage.get("from_s"), outage.get("to_s")
        if start is None or end is None:
            continue
        x0, x1 = frame.x(start), max(frame.x(end), frame.x(start) + 1)
        draw.rectangle([x0, frame.data_top, x1, frame.bottom], fill=BAND)
        short = _short_host(outage.get("host"))
        for text in (("%s leader" % short, short) if outage.get("host") in leaders else (short,)):
            width = _text_width(draw, text, fonts["band"])
            lx = _label_spot(placed, x0, x1, width)
            if lx is not None:
                placed.append((lx, lx + width))
                draw.text((lx, frame.top - BAND_LABEL_H + 1), text, fill=MUTED, font=fonts["band"])
                break


def _label_spot(placed, x0, x1, width):
    """x for a label starting inside the band [x0, x1] after the labels already placed, or None: no room."""
    # One row only: a second would run into the panel's title. A narrow band may carry a label wider
    # than itself, as long as the label starts inside it and overlaps no other.
    lx = max([x0 + 2] + [right + 6 for left, right in placed if right + 6 > x0 + 2])
    if lx <= max(x1 - 2, x0 + 2) and not any(left < lx + width and lx < right for left, right in placed):
        return lx
    return None


def _draw_axes(draw, frame, x_step, show_x_labels, fonts):
    """Gridlines, y tick labels (powers of ten), the failed strip, and x tick labels under the last panel."""
    decade = 1.0
    while decade <= 10 ** frame.log_high * 1.0001:
        y = frame.y(decade)
        draw.line([(frame.left, y), (frame.right, y)], fill=GRID)
        label = "%d" % decade
        draw.text((frame.left - 8 - _text_width(draw, label, fonts["tick"]), y - 8), label, fill=TEXT, font=fonts["tick"])
        decade *= 10
    second = math.ceil(frame.x_min / x_step) * x_step
    while second <= frame.x_max + 1e-9:
        x = frame.x(second)
        draw.line([(x, frame.data_top), (x, frame.bottom)], fill=GRID)
        if show_x_labels:
            label = "%d" % second
            draw.line([(x, frame.bottom), (x, frame.bottom + 5)], fill=AXIS)
            draw.text((x - _text_width(draw, label, fonts["tick"]) / 2, frame.bottom + 8), label, fill=TEXT,
                      font=fonts["tick"])
        second += x_step
    # The failed strip: a band of its own above the y range, so a failure never reads as a latency.
    draw.line([(frame.left, frame.strip_bottom), (frame.right, frame.strip_bottom)], fill=AXIS)
    draw.text((frame.left - 8 - _text_width(draw, "failed", fonts["tick"]), frame.top - 1), "failed", fill=FAILED,
              font=fonts["tick"])


def _draw_series(draw, frame, series, colour):
    """Acknowledged writes as small dots, failed ones as red x marks in the strip at the top."""
    strip_y = frame.top + FAILED_STRIP_H / 2
    for point in series:
        if not point or point[0] is None:
            continue
        x = frame.x(point[0])
        if len(point) < 2 or point[1] is None:
            draw.line([(x - 3, strip_y - 3), (x + 3, strip_y + 3)], fill=FAILED, width=1)
            draw.line([(x - 3, strip_y + 3), (x + 3, strip_y - 3)], fill=FAILED, width=1)
        else:
            y = frame.y(point[1])
            draw.rectangle([x - 1, y - 1, x + 1, y + 1], fill=colour)


def _panel_title(results, tree, run):
    titles = _strategy_titles(results)
    strategy = run.get("strategy")
    measured = _run_of(results, tree, strategy, run.get("rep"))
    stall = measured.get("longest_stall_s", run.get("longest_stall_s"))
    if stall is None:
        stall = stall_of(run.get("series") or [])
    changes = measured.get("leader_changes", run.get("leader_changes"))
    return "%s (run %s): longest stall %s s, %s leader change%s" % (
        titles.get(strategy, strategy), run.get("rep", "?"), fmt_number(stall, 2),
        "n/a" if changes is None else changes, "" if changes == 1 else "s")


def _draw_legend(draw, y, fonts):
    """One line under the title: what the bands, marks and lines mean."""
    font = fonts["legend"]
    x = MARGIN_LEFT
    draw.rectangle([x, y + 2, x + 22, y + 14], fill=BAND)
    x += 28
    text = "a server's outage (down to serving again), labelled with its host number"
    draw.text((x, y), text, fill=TEXT, font=font)
    x += _text_width(draw, text, font) + 24
    draw.line([(x, y + 4), (x + 8, y + 12)], fill=FAILED)
    draw.line([(x, y + 12), (x + 8, y + 4)], fill=FAILED)
    x += 14
    draw.text((x, y), "failed write", fill=TEXT, font=font)
    x += _text_width(draw, "failed write", font) + 24
    _dashed_hline(draw, y + 8, x, x + 24, AXIS)
    x += 30
    draw.text((x, y), "2 s", fill=TEXT, font=font)
    x += _text_width(draw, "2 s", font) + 24
    draw.line([(x, y + 1), (x, y + 15)], fill=AXIS)
    _dashed_vline(draw, x + 8, y + 1, y + 15, AXIS)
    x += 16
    draw.text((x, y), "playbook start / end", fill=TEXT, font=font)


def _draw_y_label(image, text, font):
    """The y axis label, rotated, centred on the panels in the left margin."""
    probe = ImageDraw.Draw(image)
    width = _text_width(probe, text, font)
    label = Image.new("RGB", (width + 4, 22), WHITE)
    ImageDraw.Draw(label).text((2, 1), text, fill=TEXT, font=font)
    label = label.rotate(90, expand=True)
    middle = (PANELS_TOP + PANELS_BOTTOM) // 2
    image.paste(label, (14, middle - label.size[1] // 2))


def plot_latency(results, png_path):
    """Write the latency plot: one panel per plotted run, one shared time axis and one log latency scale."""
    plot = results.get("plot") or {}
    runs = _ordered_plot_runs(plot)
    if not runs:
        raise ValueError("the results have no plot runs to draw")
    tree = plot.get("tree")
    fonts = {"title": load_font(24, "bold"), "panel": load_font(16, "bold"), "tick": load_font(13),
             "band": load_font(12), "legend": load_font(13), "label": load_font(15)}
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    # "RGBA" on an RGB image blends fills with their alpha: the outage bands stay light and add up where they overlap.
    draw = ImageDraw.Draw(image, "RGBA")

    info = _tree_by_name(results, tree)
    count = info.get("znode_count") or info.get("znodes")
    servers = (results.get("bench") or {}).get("servers", "the")
    title = "Write latency during a restart of %s servers (%s tree: %s znodes)" % (
        servers, tree, "{:,}".format(count) if count else "n/a")
    draw.text(((WIDTH - _text_width(draw, title, fonts["title"])) / 2, 12), title, fill=BLACK, font=fonts["title"])
    _draw_legend(draw, 48, fonts)

    x_min, x_max, x_step = x_range(runs)
    top_ms = y_top(runs)
    panel_h = (PANELS_BOTTOM - PANELS_TOP) / len(runs)
    for index, run in enumerate(runs):
        panel_top = PANELS_TOP + index * panel_h
        box = (MARGIN_LEFT, round(panel_top + PANEL_TITLE_H + BAND_LABEL_H), WIDTH - MARGIN_RIGHT,
               round(panel_top + panel_h - PANEL_GAP))
        frame = Frame(box, x_min, x_max, top_ms)
        colour = _colour(run.get("strategy"), index)
        draw.text((MARGIN_LEFT, round(panel_top)), _panel_title(results, tree, run), fill=colour, font=fonts["panel"])
        _draw_axes(draw, frame, x_step, index == len(runs) - 1, fonts)
        measured = _run_of(results, tree, run.get("strategy"), run.get("rep"))
        leaders = set(s.get("host") for s in measured.get("servers") or [] if s.get("was_leader"))
        _draw_bands(draw, frame, run, leaders, fonts)
        # The playbook's start and end, so startup and the tail after the last restart can be read off.
        draw.line([(frame.x(0), frame.data_top), (frame.x(0), frame.bottom)], fill=AXIS)
        if run.get("wall_s") is not None:
            _dashed_vline(draw, frame.x(run["wall_s"]), frame.data_top, frame.bottom, AXIS)
        y2s = frame.y(STALL_LINE_MS)
        _dashed_hline(draw, y2s, frame.left, frame.right, AXIS)
        draw.text((frame.right - 4 - _text_width(draw, "2 s", fonts["tick"]), y2s - 17), "2 s", fill=TEXT,
                  font=fonts["tick"])
        _draw_series(draw, frame, run.get("series") or [], colour)
        draw.rectangle([frame.left, frame.top, frame.right, frame.bottom], outline=AXIS)

    x_label = "seconds since the playbook started (the writer starts a few seconds before it)"
    draw.text(((MARGIN_LEFT + WIDTH - MARGIN_RIGHT - _text_width(draw, x_label, fonts["label"])) / 2, HEIGHT - 30),
              x_label, fill=TEXT, font=fonts["label"])
    _draw_y_label(image, "write latency, ms (log scale)", fonts["label"])

    directory = os.path.dirname(png_path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    # optimize=False and no metadata: the same results give the same bytes.
    image.save(png_path, format="PNG")
    return png_path


# --- outputs and CLI ---------------------------------------------------------------------------

def write_outputs(results, markdown_path, png_path):
    """Write the plot (when the results have plot data) and the page that links to it; return both paths."""
    written_png = None
    if (results.get("plot") or {}).get("runs"):
        written_png = plot_latency(results, png_path)
    # The page links to the image relative to where the page is.
    link = os.path.relpath(os.path.abspath(png_path), os.path.dirname(os.path.abspath(markdown_path)))
    directory = os.path.dirname(markdown_path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(markdown_path, "w", encoding="utf-8") as handle:
        handle.write(render_markdown(results, image_link=link.replace(os.sep, "/")))
    return markdown_path, written_png


def _parse_args(argv):
    parser = argparse.ArgumentParser(description="Render docs/benchmarks.md and the restart latency plot "
                                                 "from the benchmark's results JSON.")
    parser.add_argument("results", metavar="RESULTS.json", help="the results written by scripts/benchmark.py")
    parser.add_argument("--markdown", default=DEFAULT_MARKDOWN, help="the page to write (default: docs/benchmarks.md)")
    parser.add_argument("--plot", default=DEFAULT_PLOT,
                        help="the PNG to write (default: docs/images/benchmark-restart-latency.png)")
    return parser.parse_args(argv)


def _main(argv=None):
    args = _parse_args(argv)
    try:
        with open(args.results, encoding="utf-8") as handle:
            results = json.load(handle)
    except (OSError, ValueError) as exc:
        print("benchmark_report.py: cannot read %s: %s" % (args.results, exc), file=sys.stderr)
        return 1
    markdown_path, png_path = write_outputs(results, args.markdown, args.plot)
    print("wrote %s" % markdown_path)
    print("wrote %s" % png_path if png_path else "no plot data: %s not written" % args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
