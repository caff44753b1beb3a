"""quorum_check (and zk_myid, placement_plan, playbooks/status.yml) through Ansible, against real ZooKeeper."""

import os

from kazoo.client import KazooClient


def _leader(ensemble):
    statuses = ensemble.status()
    leaders = [s["address"] for s in statuses if s["mode"] == "leader"]
    assert len(leaders) == 1, statuses
    return leaders[0]


def test_healthy_ensemble(ensemble, run_module):
    servers = ensemble.addresses()
    leader = _leader(ensemble)  # asked of the servers themselves, not taken from the module's answer
    others = [s for s in servers if s != leader]  # in the order they were given
    run = run_module("quorum_check", {"servers": servers, "expected_size": 3, "require": "all_synced"})
    assert run.rc == 0, run
    result = run.result
    assert result["leader"] == leader
    assert result["followers"] == others
    assert result["synced_followers"] == 2
    assert result["quorum_size"] == 2
    assert result["can_lose"] == 1
    # the followers in the order given, the leader last
    assert result["safe_to_restart"] == others + [leader]
    assert result["healthy"] is True and result["problems"] == []
    assert result["changed"] is False and result["attempts"] == 1
    assert [s["address"] for s in result["servers"]] == servers
    assert {s["version"] for s in result["servers"]} == {"3.8.0"}


def test_check_mode_reports_the_same(ensemble, run_module):
    run = run_module("quorum_check", {"servers": ensemble.addresses()}, check=True)
    assert run.rc == 0, run
    assert run.result["leader"] == _leader(ensemble)
    assert run.result["changed"] is False and run.result["can_lose"] == 1


def test_admin_method(ensemble, run_module):
    run = run_module("quorum_check", {"servers": ensemble.addresses(), "method": "admin",
                                      "admin_ports": ensemble.admin_ports(), "require": "all_synced"})
    assert run.rc == 0, run
    assert run.result["leader"] == _leader(ensemble)
    assert run.result["synced_followers"] == 2
    assert run.result["safe_to_restart"][-1] == run.result["leader"]


def test_admin_method_wrong_port_names_the_server(ensemble, run_module):
    servers = ensemble.addresses()
    ports = dict(ensemble.admin_ports())
    ports[servers[0]] = ensemble.instance(1)["client_port"]  # a ZooKeeper port, but not the AdminServer
    run = run_module("quorum_check", {"servers": servers, "method": "admin", "admin_ports": ports,
                                      "require": "all_synced"})
    assert run.rc != 0, run
    assert servers[0] in run.result["msg"]


def test_a_znode_written_through_one_server_is_read_through_the_others(ensemble):
    addresses = ensemble.addresses()
    clients = [KazooClient(hosts=address, timeout=10) for address in addresses]
    try:
        for client in clients:
            client.start(timeout=15)
        clients[0].create("/zkops-integration", b"written through " + addresses[0].encode(), makepath=True)
        for client in clients[1:]:
            client.sync("/zkops-integration")
            data, _stat = client.get("/zkops-integration")
            assert data == b"written through " + addresses[0].encode()
    finally:
        for client in clients:
            client.stop()
            client.close()


def test_status_playbook(ensemble, run_playbook):
    rc, output = run_playbook("playbooks/status.yml", {"zookeeper_servers": ensemble.addresses(),
                                                       "zookeeper_expected_size": 3})
    assert rc == 0, output
    assert "zkCli.sh -server %s" % ",".join(ensemble.addresses()) in output
    leader = _leader(ensemble)
    assert any(leader in line and "leader" in line and "3.8.0" in line for line in output.splitlines()), output


def test_status_playbook_without_servers_explains(run_playbook):
    rc, output = run_playbook("playbooks/status.yml", {})
    assert rc != 0
    assert "zookeeper_servers is missing or empty" in output


def test_leader_killed_then_second_server_stopped(fresh_ensemble, run_module):
    ens = fresh_ensemble
    servers = ens.addresses()
    old_leader = _leader(ens)
    ens.kill(servers.index(old_leader) + 1)

    for _attempt in range(5):
        run = run_module("quorum_check", {"servers": servers, "expected_size": 3, "require": "quorum",
                                          "retries": 40, "delay": 0.5, "timeout": 2})
        assert run.rc == 0, run
        if len(run.result["followers"]) == 1:  # the new follower may still be syncing right after the election
            break
    result = run.result
    assert result["leader"] in servers and result["leader"] != old_leader
    assert result["can_lose"] == 0
    assert result["safe_to_restart"] == []
    assert result["quorum_size"] == 2
    assert len(result["followers"]) == 1 and result["synced_followers"] == 1
    assert any(old_leader in p and "unreachable" in p for p in result["problems"])

    second = result["followers"][0]
    ens.stop(servers.index(second) + 1)
    run = run_module("quorum_check", {"servers": servers, "expected_size": 3, "require": "quorum",
                                      "retries": 2, "delay": 0.5, "timeout": 2})
    assert run.rc != 0, run
    message = run.result["msg"]
    assert old_leader in message and second in message
    assert "require=quorum" in message
    assert run.result["attempts"] == 3
    assert len(run.result["servers"]) == 3  # the last state comes back with the failure


def test_leader_is_last_even_when_it_is_not_last_in_the_list(fresh_ensemble, restart_server, run_module):
    """safe_to_restart puts the leader last, wherever it is in the list of servers.

    Started together, the servers elect the highest myid, the LAST address: a restart in plain list
    order would then also end with the leader. So leadership is first moved away from the last address
    (that server is restarted: the other two elect among themselves and it comes back as a follower).
    """
    ens = fresh_ensemble
    servers = ens.addresses()
    for _attempt in range(3):
        leader = _leader(ens)
        if leader != servers[-1]:
            break
        restart_server(ens, len(servers), timeout=90)
    leader = _leader(ens)
    assert leader != servers[-1], "leadership stayed with the last address %s after 3 restarts" % servers[-1]

    run = run_module("quorum_check", {"servers": servers, "expected_size": 3, "require": "all_synced",
                                      "retries": 20, "delay": 0.5, "timeout": 2})
    assert run.rc == 0, run
    result = run.result
    safe = result["safe_to_restart"]
    assert result["leader"] == leader
    assert safe[-1] == leader, "the leader %s is not last in safe_to_restart %s" % (leader, safe)
    assert safe != servers, "safe_to_restart is the plain list order %s, which ends with follower %s" % (
        servers, servers[-1])
    assert sorted(safe) == sorted(servers) and len(safe) == len(set(safe)) == 3, safe
    assert safe == [s for s in servers if s != leader] + [leader]


def test_mntr_missing_from_whitelist(srvr_only_server, run_module):
    servers = srvr_only_server.addresses()
    run = run_module("quorum_check", {"servers": servers, "require": "quorum"})
    assert run.rc != 0, run
    assert "mntr" in run.result["msg"] and "4lw.commands.whitelist" in run.result["msg"]
    assert run.result["servers"][0]["reachable"] is True  # refused, not unreachable
    run = run_module("quorum_check", {"servers": servers, "require": "leader"})
    assert run.rc == 0, run
    assert run.result["leader"] == servers[0]


def test_bad_arguments_fail_clearly(run_module):
    run = run_module("quorum_check", {"servers": ["zk1:http"]})
    assert run.rc != 0 and "servers: server address 'zk1:http'" in run.result["msg"]


def test_zk_myid_through_ansible(ensemble, tmp_path, run_module):
    path = tmp_path / "myid"
    run = run_module("zk_myid", {"path": str(path), "id": 2})
    assert run.rc == 0, run
    assert path.read_text() == "2\n"
    assert run.result["changed"] is True
    existing = dict((address, int(open(os.path.join(ensemble.instance(sid)["data_dir"], "myid")).read()))
                    for sid, address in zip(ensemble.ids(), ensemble.addresses()))
    run = run_module("zk_myid", {"hosts": ensemble.addresses() + ["127.0.0.1:9999"], "existing": existing})
    assert run.rc == 0, run
    assert run.result["ids"] == dict(existing, **{"127.0.0.1:9999": 4})


def test_placement_plan_through_ansible(run_module):
    run = run_module("placement_plan", {"size": 7, "rooms": ["dc1", "dc2", "dc3"]})
    assert run.rc == 0, run
    assert run.result["source_plans"] == [[3, 1, 3], [3, 2, 2]]
    assert run.result["plans"] == [[3, 2, 2], [3, 3, 1]]
    assert run.result["plan"] == [3, 2, 2]


def test_stop_leaves_no_server_running(tmp_path, new_ensemble):
    """stop() ends (and reaps) what start() started: no process is left behind."""
    ens = new_ensemble(str(tmp_path / "e"), servers=1, whitelist=("srvr",))
    try:
        ens.start(wait=True, timeout=60)
        pid = ens.pid(1)
        assert pid is not None and os.path.exists("/proc/%d" % pid)
    finally:
        ens.stop(timeout=5)
    assert ens.pid(1) is None
    assert not os.path.exists("/proc/%d" % pid)
    assert not os.path.exists(os.path.join(ens.server_dir(1), "zookeeper.pid"))
