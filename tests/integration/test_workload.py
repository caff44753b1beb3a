"""tools/workload.py against a real 3-server ensemble: a quiet run, a leader crash, a preload, a real loss."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

from kazoo.client import KazooClient

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "workload.py")

sys.path.insert(0, os.path.join(REPO, "tools"))
import workload  # noqa: E402  pylint: disable=wrong-import-position


def _client(ensemble):
    client = KazooClient(hosts=ensemble.connect_string(), timeout=10)
    client.start(timeout=15)
    return client


def _wait_children(ensemble, path, count, timeout=20):
    """Wait until ``path`` has at least ``count`` children (the workload is writing)."""
    client = _client(ensemble)
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if client.exists(path) and len(client.get_children(path)) >= count:
                return
            time.sleep(0.1)
    finally:
        client.stop()
        client.close()
    raise AssertionError("the workload wrote fewer than %d znodes under %s in %ss" % (count, path, timeout))


def _run_cli(args, timeout=60):
    proc = subprocess.run([sys.executable, TOOL] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout, check=False)
    return proc


def test_quiet_run(ensemble):
    report = workload.Workload(ensemble.addresses(), rate=20, duration=5).run()
    assert report["error"] is None, report
    assert report["stop_reason"] == "duration"
    assert 70 <= report["attempted"] <= 130, report["attempted"]
    assert report["acknowledged"] == report["attempted"]
    assert report["failed"] == 0 and report["failed_by_type"] == {}
    assert report["lost"] == 0 and report["unexpected"] == 0
    assert report["present"] == report["acknowledged"]
    assert report["leader_changes"] == 0
    assert len(report["leaders"]) == 1 and report["leaders"][0]["leader"] in ensemble.addresses()
    assert 0 < report["longest_stall_s"] < 1.0
    assert 4.9 <= report["duration_s"] <= 6.0
    assert report["ok"] is True


def test_leader_crash_and_restart(fresh_ensemble, tmp_path):
    ens = fresh_ensemble
    path = "/zkops-workload/crash"
    report_file = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, TOOL, "--servers", ens.connect_string(), "--path", path,
                             "--rate", "20", "--duration", "45", "--report", str(report_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    try:
        _wait_children(ens, path, 5)
        time.sleep(1.5)  # ~2 s of writes
        leader = ens.leader()
        assert leader is not None
        ens.kill(leader)
        time.sleep(2.0)  # restarted ~4 s into the run
        ens.start_one(leader)
        ens.wait_ready(timeout=60)
        time.sleep(1.0)  # writes after the ensemble is whole again
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    report = json.loads(report_file.read_text())
    sys.stdout.write("leader crash: %s\n" % err.strip().splitlines()[-1])
    assert proc.returncode == 0, (err, report)
    assert report["stop_reason"] == "signal SIGTERM"
    assert report["error"] is None and report["verified"] is True
    assert report["lost"] == 0, report["lost_writes"]
    assert report["attempted"] == report["acknowledged"] + report["failed"] + report["unresolved"]
    assert report["acknowledged"] > 0
    assert report["leader_changes"] >= 1, report["leaders"]
    assert report["leaders"][0]["leader"] == ens.address(leader)
    assert report["leaders"][-1]["leader"] != ens.address(leader)
    assert report["longest_stall_s"] > 0
    window = report["longest_stall_window"]
    assert abs(window["to_s"] - window["from_s"] - report["longest_stall_s"]) < 0.01
    assert [e["state"] for e in report["connection_events"]][:1] == ["SUSPENDED"]
    assert "lost" in err and ": OK" in err


def test_preload_all_present(ensemble, tmp_path):
    stop_file = tmp_path / "stop"
    path = "/zkops-workload/preload"
    proc = subprocess.Popen([sys.executable, TOOL, "--servers", ensemble.connect_string(), "--path", path,
                             "--preload", "2000", "--stop-file", str(stop_file), "--cleanup"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    try:
        _wait_children(ensemble, path, 3)  # preload/ and some w- znodes: the write phase has begun
        time.sleep(1.0)
        stop_file.write_text("stop\n")
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    report = json.loads(out)
    assert proc.returncode == 0, (err, report)
    assert report["stop_reason"] == "stop-file"
    assert report["preload_written"] == 2000
    assert report["preload_present"] == 2000
    assert report["lost"] == 0 and report["acknowledged"] > 0
    assert report["cleaned"] is True
    client = _client(ensemble)
    try:
        assert client.exists(path) is None
    finally:
        client.stop()
        client.close()


def test_loss_and_foreign_znode_are_reported(ensemble):
    """A deleted acknowledged znode is lost (exit 1); a znode this run never wrote is unexpected."""
    path = "/zkops-workload/tamper"
    run = workload.Workload(ensemble.addresses(), path=path, rate=50, duration=20, leader_poll=0)
    result = {}
    thread = threading.Thread(target=lambda: result.update(run.run()))
    thread.start()
    client = _client(ensemble)
    try:
        _wait_children(ensemble, path, 5)
        victim = sorted(client.get_children(path))[0]
        client.delete("%s/%s" % (path, victim))
        client.create(path + "/w-", b"not from the workload", sequence=True)
        time.sleep(0.3)
    finally:
        run.request_stop("test")
        thread.join(timeout=60)
        client.stop()
        client.close()
    assert result["stop_reason"] == "test"
    assert result["lost"] == 1, result
    assert result["lost_writes"][0]["path"] == "%s/%s" % (path, victim)
    assert result["lost_writes"][0]["reason"] == "missing"
    assert result["unexpected"] == 1
    assert result["unexpected_writes"][0]["outcome"] == "not written by this run"
    assert result["ok"] is False
    assert workload.summary(result).endswith("NOT OK")


def test_bad_arguments_exit_2(tmp_path):
    stop_file = tmp_path / "stop"
    stop_file.write_text("")
    proc = _run_cli(["--servers", "127.0.0.1:2181", "--stop-file", str(stop_file)])
    assert proc.returncode == 2 and "already exists" in proc.stderr
    proc = _run_cli(["--servers", "127.0.0.1:2181", "--rate", "0"])
    assert proc.returncode == 2 and "rate must be above 0" in proc.stderr


def test_module_runs_the_same_workload(ensemble, run_module, tmp_path):
    """zkops.ensemble.zk_workload through Ansible: the report, changed, the copy on disk."""
    report_file = tmp_path / "module-report.json"
    run = run_module("zk_workload", {"servers": ensemble.addresses(), "path": "/zkops-workload/module", "rate": 20,
                                     "duration": 3, "cleanup": True, "report": str(report_file)})
    assert run.rc == 0, run
    report = run.result["report"]
    assert report["ok"] is True and report["lost"] == 0, report
    assert 40 <= report["attempted"] <= 80 and report["acknowledged"] == report["attempted"], report
    assert report["cleaned"] is True and run.result["changed"] is False, run
    assert run.result["msg"].endswith(": OK"), run.result["msg"]
    assert json.loads(report_file.read_text())["run_id"] == report["run_id"]
    client = _client(ensemble)
    try:
        assert client.exists("/zkops-workload/module") is None
    finally:
        client.stop()
        client.close()


def test_module_refuses_bad_arguments_and_check_mode(run_module):
    run = run_module("zk_workload", {"servers": ["127.0.0.1:2181"], "rate": 0})
    assert run.rc != 0 and run.result.get("msg", "").startswith("zk_workload: rate must be above 0"), run
    run = run_module("zk_workload", {"servers": ["127.0.0.1:2181"]}, check=True)
    assert run.rc == 0 and "SKIPPED" in run.output, run
