"""health: assess / meets / wait_for on constructed server statuses."""

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _health as health

A, B, C, D, E = "zk1:2181", "zk2:2181", "zk3:2181", "zk4:2181", "zk5:2181"


def up(address, mode, synced=None, followers=None, error=None):
    return {"address": address, "reachable": True, "mode": mode, "version": "3.8.0", "zxid": 0x100000000,
            "node_count": 5, "followers": followers, "synced_followers": synced, "pending_syncs": 0 if synced else None,
            "peer_state": None, "error": error}


def down(address):
    return {"address": address, "reachable": False, "mode": None, "version": None, "zxid": None, "node_count": None,
            "followers": None, "synced_followers": None, "pending_syncs": None, "peer_state": None,
            "error": "cannot connect to %s: [Errno 111] Connection refused" % address}


def looking(address):
    return dict(up(address, None), error="%s is running but not serving requests (no quorum, or a leader "
                                         "election is under way)" % address)


MNTR_REFUSED = ("%s refused the four-letter word 'mntr': it is not in its 4lw.commands.whitelist; add mntr to "
                "4lw.commands.whitelist (the zookeeper_four_letter_words variable) on %s and restart it" % (C, C))

REFUSED = "is unreachable: cannot connect to %s: [Errno 111] Connection refused"
NOT_SERVING = "is running but not serving requests (no quorum, or a leader election is under way)"
NOT_EVERY = "not every voter is up and synced: "
ELECTION_NO_LEADER = ("no leader: none of the 3 servers is leading (zk1:2181: not serving, zk2:2181: not serving, "
                      "zk3:2181: unreachable)")
TWO_DOWN_NO_LEADER = ("no leader: none of the 3 servers is leading (zk1:2181: not serving, zk2:2181: unreachable, "
                      "zk3:2181: unreachable)")
ALL_DOWN_NO_LEADER = ("no leader: none of the 3 servers is leading (zk1:2181: unreachable, zk2:2181: unreachable, "
                      "zk3:2181: unreachable)")
TWO_LEADERS = ("more than one leader (zk1:2181 and zk2:2181): 2 servers report leading (zk1:2181 and zk2:2181): "
               "there must be exactly one leader; check that every server has the same server list and that these "
               "are not separate ensembles")
MNTR_UNKNOWN = "cannot tell which voters follow leader zk3:2181: its synced-follower count is unknown: " + MNTR_REFUSED


def refused(address):
    return "%s %s" % (address, REFUSED % address)


def starts(prefix, *fragments):
    """An expected reason that starts with ``prefix`` and contains every fragment (a plain string must be equal)."""
    return (prefix,) + fragments


def assert_reason(reason, expected, context):
    """``reason`` equals ``expected`` (a string) or starts with expected[0] and contains expected[1:] (a tuple)."""
    if isinstance(expected, tuple):
        assert reason.startswith(expected[0]), (context, reason)
        for fragment in expected[1:]:
            assert fragment in reason, (context, fragment, reason)
    else:
        assert reason == expected, context


# name, statuses, expected_size, expected assessment fields, {require: (ok, expected reason)}
CASES = [
    ("3 up", [up(A, "follower"), up(B, "follower"), up(C, "leader", synced=2, followers=2)], None,
     dict(leader=C, followers=[A, B], synced_followers=2, observers=[], voters=3, voters_up=3, quorum_size=2,
          can_lose=1, safe_to_restart=[A, B, C], healthy=True, problems=[]),
     dict(any=(True, "3 server(s) answered: zk1:2181, zk2:2181 and zk3:2181"),
          leader=(True, "zk3:2181 is the leader"),
          quorum=(True, "quorum: 3 of 3 voters serve (2 needed), 1 more may fail"),
          all_synced=(True, "all 3 voters are up and synced to zk3:2181"))),
    ("leader down, election under way", [looking(A), looking(B), down(C)], 3,
     dict(leader=None, followers=[], voters=3, voters_up=0, quorum_size=2, can_lose=0, safe_to_restart=[],
          healthy=False),
     dict(any=(True, "2 server(s) answered: zk1:2181 and zk2:2181"),
          leader=(False, starts("zk1:2181 " + NOT_SERVING, "zk2:2181 " + NOT_SERVING, refused(C), ELECTION_NO_LEADER)),
          quorum=(False, starts("zk1:2181 " + NOT_SERVING, refused(C), ELECTION_NO_LEADER)),
          all_synced=(False, starts("zk1:2181 " + NOT_SERVING, refused(C), ELECTION_NO_LEADER)))),
    ("leader down, new leader elected", [up(A, "follower"), up(B, "leader", synced=1, followers=1), down(C)], 3,
     dict(leader=B, followers=[A], synced_followers=1, voters=3, voters_up=2, quorum_size=2, can_lose=0,
          safe_to_restart=[], healthy=False),
     dict(any=(True, "2 server(s) answered: zk1:2181 and zk2:2181"),
          leader=(True, "zk2:2181 is the leader"),
          quorum=(True, "quorum: 2 of 3 voters serve (2 needed), 0 more may fail"),
          all_synced=(False, NOT_EVERY + refused(C)))),
    ("2 down", [looking(A), down(B), down(C)], 3,
     dict(leader=None, voters_up=0, can_lose=0, safe_to_restart=[], healthy=False, unreachable=[B, C]),
     dict(any=(True, "1 server(s) answered: zk1:2181"),
          leader=(False, starts("zk1:2181 " + NOT_SERVING, refused(B), refused(C), TWO_DOWN_NO_LEADER)),
          quorum=(False, starts("zk1:2181 " + NOT_SERVING, refused(B), refused(C), TWO_DOWN_NO_LEADER)),
          all_synced=(False, starts("zk1:2181 " + NOT_SERVING, refused(B), refused(C), TWO_DOWN_NO_LEADER)))),
    ("all down", [down(A), down(B), down(C)], None,
     dict(leader=None, voters=3, voters_up=0, answered=[], healthy=False),
     dict(any=(False, starts("no server answered: " + refused(A), refused(B), refused(C), ALL_DOWN_NO_LEADER)),
          leader=(False, starts(refused(A), refused(B), refused(C), ALL_DOWN_NO_LEADER)),
          quorum=(False, starts(refused(A), ALL_DOWN_NO_LEADER)),
          all_synced=(False, starts(refused(A), ALL_DOWN_NO_LEADER)))),
    ("observers", [up(A, "follower"), up(B, "leader", synced=2, followers=4), up(C, "follower"),
                   up(D, "observer"), up(E, "observer")], None,
     dict(leader=B, followers=[A, C], observers=[D, E], voters=3, voters_up=3, quorum_size=2, can_lose=1,
          safe_to_restart=[D, E, A, C, B], healthy=True),
     dict(any=(True, "5 server(s) answered: zk1:2181, zk2:2181, zk3:2181, zk4:2181 and zk5:2181"),
          leader=(True, "zk2:2181 is the leader"),
          quorum=(True, "quorum: 3 of 3 voters serve (2 needed), 1 more may fail"),
          all_synced=(True, "all 3 voters are up and synced to zk2:2181"))),
    ("observers stay safe at the edge of quorum", [up(A, "follower"), up(B, "leader", synced=1), down(C),
                                                   up(D, "observer")], 3,
     dict(leader=B, observers=[D], voters=3, voters_up=2, can_lose=0, safe_to_restart=[D]),
     dict(quorum=(True, "quorum: 2 of 3 voters serve (2 needed), 0 more may fail"),
          all_synced=(False, NOT_EVERY + refused(C)))),
    ("standalone", [up(A, "standalone")], None,
     dict(leader=A, standalone=True, followers=[], voters=1, voters_up=1, quorum_size=1, can_lose=0,
          safe_to_restart=[], healthy=True, problems=[]),
     dict(any=(True, "1 server(s) answered: zk1:2181"),
          leader=(True, "zk1:2181 is standalone"),
          quorum=(True, "quorum: 1 of 1 voters serve (1 needed), 0 more may fail"),
          all_synced=(True, "all 1 voters are up and synced to zk1:2181"))),
    ("two leaders", [up(A, "leader", synced=1), up(B, "leader", synced=1), up(C, "follower")], None,
     dict(leader=None, leaders=[A, B], safe_to_restart=[], healthy=False),
     dict(any=(True, "3 server(s) answered: zk1:2181, zk2:2181 and zk3:2181"),
          leader=(False, TWO_LEADERS),
          quorum=(False, TWO_LEADERS),
          all_synced=(False, TWO_LEADERS))),
    ("mntr refused on the leader", [up(A, "follower"), up(B, "follower"), up(C, "leader", error=MNTR_REFUSED)], None,
     dict(leader=C, synced_followers=None, voters_up=3, healthy=False, problems=[MNTR_REFUSED]),
     dict(any=(True, "3 server(s) answered: zk1:2181, zk2:2181 and zk3:2181"),
          leader=(True, "zk3:2181 is the leader"),
          quorum=(False, MNTR_UNKNOWN),
          all_synced=(False, MNTR_UNKNOWN))),
    ("a follower not synced", [up(A, "follower"), up(B, "follower"), up(C, "leader", synced=1, followers=2)], None,
     dict(leader=C, synced_followers=1, voters_up=2, can_lose=0, safe_to_restart=[], healthy=False),
     dict(quorum=(True, "quorum: 2 of 3 voters serve (2 needed), 0 more may fail"),
          all_synced=(False, NOT_EVERY + "only 1 of the 2 followers (zk1:2181 and zk2:2181) are synced to leader "
                                         "zk3:2181"))),
    ("5 voters, 1 down", [up(A, "leader", synced=3), up(B, "follower"), up(C, "follower"), up(D, "follower"),
                          down(E)], None,
     dict(leader=A, voters=5, voters_up=4, quorum_size=3, can_lose=1, safe_to_restart=[B, C, D, A]),
     dict(quorum=(True, "quorum: 4 of 5 voters serve (3 needed), 1 more may fail"),
          all_synced=(False, NOT_EVERY + refused(E)))),
    ("expected size above the listed servers", [up(A, "leader", synced=1), up(B, "follower")], 3,
     dict(voters=3, voters_up=2, can_lose=0, healthy=False),
     dict(quorum=(True, "quorum: 2 of 3 voters serve (2 needed), 0 more may fail"),
          all_synced=(False, NOT_EVERY + "only 2 of 3 voters are in the quorum led by zk1:2181"))),
    ("more voters listed than expected", [up(A, "leader", synced=2), up(B, "follower"), up(C, "follower")], 2,
     dict(voters=3, voters_up=3, healthy=False),
     dict(quorum=(True, "quorum: 3 of 3 voters serve (2 needed), 1 more may fail"),
          all_synced=(False, starts(NOT_EVERY + "3 voting servers were listed but expected_size is 2",
                                    "leader zk1:2181 reports 3 voters in sync but only 2 are expected")))),
    ("standalone among several", [up(A, "standalone"), down(B), down(C)], None,
     dict(leader=A, standalone=True, safe_to_restart=[], healthy=False),
     dict(leader=(True, "zk1:2181 is standalone"),
          all_synced=(False, starts("no quorum: 1 of 3 voters serve, 2 needed: " + refused(B), refused(C),
                                    "zk1:2181 runs standalone while 3 servers were listed")))),
]


@pytest.mark.parametrize("name, statuses, expected_size, fields, requirements", CASES, ids=[c[0] for c in CASES])
def test_assess_and_meets(name, statuses, expected_size, fields, requirements):
    assessment = health.assess(statuses, expected_size)
    for key, value in fields.items():
        assert assessment[key] == value, key
    for require, (ok, expected) in requirements.items():
        result, reason = health.meets(assessment, require)
        assert result is ok, (require, reason)
        assert_reason(reason, expected, require)


@pytest.mark.parametrize("statuses, expected_size, fragments", [
    ([up(A, "follower"), up(B, "leader", synced=1), down(C)], 3, [C + " is unreachable", "Connection refused"]),
    ([looking(A), down(B), down(C)], 3, [B + " is unreachable", C + " is unreachable", A + " is running but not "
                                         "serving", "no leader: none of the 3 servers is leading"]),
    ([up(A, "leader", synced=1), up(B, "leader", synced=1), up(C, "follower")], None,
     ["2 servers report leading (zk1:2181 and zk2:2181)"]),
    ([up(A, "follower"), up(B, "follower"), up(C, "leader", synced=1)], None,
     ["only 1 of the 2 followers (zk1:2181 and zk2:2181) are synced to leader zk3:2181"]),
    ([up(A, "follower"), up(B, "follower"), up(C, "leader", error=MNTR_REFUSED)], None,
     ["refused the four-letter word 'mntr'", "4lw.commands.whitelist"]),
    ([up(A, "leader", synced=1), up(B, "follower")], 3, ["only 2 of 3 voters are in the quorum led by zk1:2181"]),
    ([up(A, "leader", synced=2), up(B, "follower"), up(C, "follower")], 2, ["3 voting servers were listed but "
                                                                            "expected_size is 2"]),
    ([up(A, "standalone"), down(B)], None, ["zk1:2181 runs standalone while 2 servers were listed"]),
    ([up(A, "observer"), up(B, "observer")], None, ["no voting server"]),
])
def test_assess_problems_name_the_servers(statuses, expected_size, fragments):
    problems = health.assess(statuses, expected_size)["problems"]
    for fragment in fragments:
        assert any(fragment in p for p in problems), (fragment, problems)


@pytest.mark.parametrize("statuses, require, fragments", [
    ([looking(A), down(B), down(C)], "quorum", ["no leader", B, C]),
    ([up(A, "follower"), up(B, "leader", synced=0), down(C)], "quorum", ["no quorum: 1 of 3 voters serve, 2 needed", C]),
    ([up(A, "follower"), up(B, "follower"), up(C, "leader", error=MNTR_REFUSED)], "quorum",
     ["synced-follower count is unknown", "mntr", "4lw.commands.whitelist"]),
    ([up(A, "follower"), up(B, "leader", synced=1), down(C)], "all_synced", ["not every voter", C]),
    ([down(A)], "any", ["no server answered", A]),
])
def test_meets_reason_names_the_fault(statuses, require, fragments):
    ok, reason = health.meets(health.assess(statuses, 3 if len(statuses) == 3 else None), require)
    assert ok is False
    for fragment in fragments:
        assert fragment in reason, (fragment, reason)


def test_meets_rejects_unknown_requirement():
    with pytest.raises(ValueError) as err:
        health.meets(health.assess([up(A, "standalone")]), "majority")
    assert str(err.value) == "require must be one of any, leader, quorum, all_synced, got 'majority'"


HEALTHY = [up(A, "follower"), up(B, "follower"), up(C, "leader", synced=2)]
ELECTING = [looking(A), looking(B), down(C)]


QUORUM_OF_3 = "quorum: 3 of 3 voters serve (2 needed), 1 more may fail"
STILL_ELECTING = starts("zk1:2181 " + NOT_SERVING, "zk2:2181 " + NOT_SERVING, refused(C), ELECTION_NO_LEADER)


@pytest.mark.parametrize("rounds, retries, ok, attempts, sleeps, reason", [
    ([HEALTHY], 0, True, 1, [], QUORUM_OF_3),
    ([ELECTING, ELECTING, HEALTHY], 5, True, 3, [0.5, 0.5], QUORUM_OF_3),
    ([ELECTING] * 10, 3, False, 4, [0.5, 0.5, 0.5], STILL_ELECTING),
    ([ELECTING], 0, False, 1, [], STILL_ELECTING),
])
def test_wait_for_retries_until_required_state(rounds, retries, ok, attempts, sleeps, reason):
    calls = {"round": 0}
    slept = []
    order = [A, B, C]

    def probe(address):
        statuses = rounds[min(calls["round"], len(rounds) - 1)]
        status = statuses[order.index(address)]
        if address == C:
            calls["round"] += 1
        return status

    result = health.wait_for(order, "quorum", 3, retries, 0.5, probe, slept.append)
    assert result["ok"] is ok
    assert result["attempts"] == attempts
    assert slept == sleeps
    assert [s["address"] for s in result["statuses"]] == order
    assert result["assessment"]["leader"] == (C if ok else None)
    assert_reason(result["reason"], reason, "the reason of the last attempt")
