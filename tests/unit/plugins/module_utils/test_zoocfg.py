"""zoocfg: render, parse, validate and pseudo-cluster checks.

The configuration mistakes of source document 000 are reproduced verbatim:
``sever.1`` instead of ``server.1`` and the same ``server.1`` three times.
"""

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils import _zoocfg as zoocfg
from ansible_collections.zkops.ensemble.plugins.module_utils._server_lines import ZooCfgError

# ---------------------------------------------------------------- source document 000, verbatim

SOURCE_STANDALONE = """tickTime=2000

dataDir=/var/lib/zookeeper

clientPort=2181
"""

SOURCE_PSEUDO = """tickTime=2000

dataDir=/var/lib/zookeeper
clientPort=2181
sever.1=127.0.0.1:2222:2223
sever.2=127.0.0.1:3333:3334
sever.3=127.0.0.1:4444:4445
"""

SOURCE_CLUSTER = """tickTime=2000

dataDir=/var/lib/zookeeper

clientPort=2181

sever.1=192.168.1.101:2222:2223

sever.1=192.168.1.102:3333:3334

sever.1=192.168.1.103:4444:4445
"""


def _has(problems, *fragments):
    """Some problem contains every fragment."""
    return any(all(f in p for f in fragments) for p in problems)


# ---------------------------------------------------------------- parse / to_dict

def test_parse_skips_comments_and_blank_lines():
    text = "# managed\n\ntickTime = 2000\n! also a comment\ndataDir=/var/lib/zookeeper\nserver.1=zk1:2888:3888\n"
    assert zoocfg.parse(text) == [(3, "tickTime", "2000"), (5, "dataDir", "/var/lib/zookeeper"),
                                  (6, "server.1", "zk1:2888:3888")]


@pytest.mark.parametrize("text, fragment", [
    ("tickTime=2000\nclientPort 2181\n", "line 2"),
    ("=2000\n", "line 1"),
])
def test_parse_rejects_line_without_key_value(text, fragment):
    with pytest.raises(ZooCfgError) as err:
        zoocfg.parse(text)
    assert fragment in str(err.value) and "key=value" in str(err.value)


def test_to_dict_last_one_wins_like_zookeeper():
    assert zoocfg.to_dict("clientPort=2181\nclientPort=2182\n") == {"clientPort": "2182"}


# ---------------------------------------------------------------- validate: source document 000

def test_source_standalone_example_is_valid():
    assert zoocfg.validate(SOURCE_STANDALONE) == []


@pytest.mark.parametrize("lineno, key, suggestion", [(5, "sever.1", "server.1"), (6, "sever.2", "server.2"),
                                                     (7, "sever.3", "server.3")])
def test_source_pseudo_cluster_misspelled_server(lineno, key, suggestion):
    problems = zoocfg.validate(SOURCE_PSEUDO)
    assert "unknown key '%s' on line %d: did you mean '%s'?" % (key, lineno, suggestion) in problems


def test_source_pseudo_cluster_spelled_right_is_valid():
    assert zoocfg.validate(SOURCE_PSEUDO.replace("sever.", "server."), my_id=1) == []


def test_source_cluster_example_literal():
    problems = zoocfg.validate(SOURCE_CLUSTER)
    assert "unknown key 'sever.1' on line 7: did you mean 'server.1'?" in problems
    assert "unknown key 'sever.1' on line 11: did you mean 'server.1'?" in problems
    assert _has(problems, "'sever.1' is set 3 times", "lines 7, 9 and 11")


def test_source_cluster_example_same_server_id_three_times():
    problems = zoocfg.validate(SOURCE_CLUSTER.replace("sever.", "server."))
    assert _has(problems, "duplicate server id 1", "server.1 is defined 3 times", "lines 7, 9 and 11")


def test_source_cluster_example_fixed_is_valid():
    fixed = SOURCE_CLUSTER.replace("sever.1=192.168.1.102", "server.2=192.168.1.102") \
        .replace("sever.1=192.168.1.103", "server.3=192.168.1.103").replace("sever.", "server.")
    assert zoocfg.validate(fixed, my_id=2) == []


# ---------------------------------------------------------------- validate: other mistakes

BASE = "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n"


@pytest.mark.parametrize("extra, my_id, fragments", [
    ("ticktime=2000\n", None, ("unknown key 'ticktime' on line 4: did you mean 'tickTime'?",)),
    ("initLimt=10\n", None, ("unknown key 'initLimt'", "did you mean 'initLimit'?")),
    ("4lw.command.whitelist=srvr\n", None, ("did you mean '4lw.commands.whitelist'?",)),
    ("grup.1=1:2\nserver.1=a:1:2\nserver.2=b:1:2\n", None, ("did you mean 'group.1'?",)),
    ("frobnicate=1\n", None, ("unknown key 'frobnicate' on line 4: ZooKeeper would silently ignore it",)),
    ("clientPort=2182\n", None, ("key 'clientPort' is set 2 times (lines 3 and 4)",)),
    ("server.1=zk1:2888:3888\nserver.2=zk1:2888:3889\n", None,
     ("zk1:2888 is used by more than one server", "quorum port of server.1", "quorum port of server.2")),
    ("server.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=ZK2:2889:3888\n", None,
     ("zk2:3888 is used by more than one server", "election port of server.2", "election port of server.3")),
    ("server.1=localhost:2888:3888\nserver.2=127.0.0.1:2888:3889\n", None, ("127.0.0.1:2888 is used by",)),
    ("server.1=zk1:2888:2888\n", None, ("server.1 on line 4 uses port 2888 for both quorum and election",)),
    ("server.0=zk1:2888:3888\n", None, ("server id 0 is outside 1..255",)),
    ("server.256=zk1:2888:3888\n", None, ("server id 256 is outside 1..255",)),
    ("server.1=zk1:2888\n", None, ("server.1 on line 4: 'zk1:2888' does not have the form",)),
    ("server.1=zk1:2888:3888\nserver.2=zk2:2888:3888\n", 3,
     ("does not contain this server's id 3", "server.1, server.2")),
    ("server.1=127.0.0.1:2181:3888\n", 1, ("port 2181 is used by clientPort and the quorum port of server.1",)),
    ("admin.serverPort=2181\n", None, ("port 2181 is used by clientPort and admin.serverPort",)),
    ("tickTime=2s\n", None, ("tickTime on line 4 is '2s', not a whole number",)),
    ("initLimit=0\n", None, ("initLimit on line 4 is 0, below its minimum 1",)),
    ("autopurge.snapRetainCount=1\n", None, ("below its minimum 3",)),
    ("admin.serverPort=80800\n", None, ("not a port from 1 to 65535",)),
    ("standaloneEnabled=yes\n", None, ("standaloneEnabled on line 4 is 'yes', not true or false; write true or false",)),
    ("forceSync=false\n", None, ("forceSync=false is NOT 'no'",)),
    ("4lw.commands.whitelist=srvr, mntrr\n", None, ("lists 'mntrr'", "did you mean 'mntr'?")),
    ("peerType=voter\n", None, ("peerType on line 4 is 'voter'",)),
    ("minSessionTimeout=40000\nmaxSessionTimeout=4000\n", None, ("minSessionTimeout (40000) is above",)),
    ("server.1=a:1:2\nserver.2=b:1:2\ngroup.1=1\n", None, ("server(s) 2 are in no group",)),
    ("server.1=a:1:2\nserver.2=b:1:2\ngroup.1=1:2\ngroup.2=2\n", None, ("server 2 is in group.1 and group.2",)),
    ("server.1=a:1:2\ngroup.1=1:3\n", None, ("group.1 on line 5 names server 3",)),
    ("server.1=a:1:2\nweight.1=2\n", None, ("weight.N lines without group.N lines",)),
])
def test_validate_finds(extra, my_id, fragments):
    problems = zoocfg.validate(BASE + extra, my_id=my_id)
    assert _has(problems, *fragments), problems


@pytest.mark.parametrize("text, fragment", [
    ("tickTime=2000\nclientPort=2181\n", "dataDir is missing"),
    ("tickTime=2000\ndataDir=/d\n", "clientPort is missing"),
    ("tickTime=2000\ndataDir=/d\nserver.1=a:1:2\nserver.2=b:1:2;2181\n", "clientPort is missing"),
    ("dataDir=/d\nclientPort 2181\n", "line 2 ('clientPort 2181') is not key=value"),
])
def test_validate_missing_essentials(text, fragment):
    assert _has(zoocfg.validate(text), fragment)


@pytest.mark.parametrize("text, my_id", [
    ("dataDir=/d\nserver.1=a:2888:3888;2181\nserver.2=b:2888:3888;2181\n", None),  # 3.5+ client port in lines
    ("dataDir=/d\nserver.1=a:2888:3888;2181\nserver.2=b:2888:3888\n", 1),  # this server's line has it
    ("dataDir=/d\nclientPort=2181\nssl.keyStore.location=/k\nzookeeper.extendedTypesEnabled=true\n"
     "authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n"
     "metricsProvider.httpPort=7000\nquorum.auth.enableSasl=true\n", None),
    ("dataDir=/d\nclientPort=2181\nforceSync=no\nleaderServes=yes\nskipACL=no\n", None),
    ("dataDir=/d\nclientPort=2181\n4lw.commands.whitelist=*\n", None),
    ("dataDir=/d\nclientPort=2181\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2:observer\n"
     "group.1=1\ngroup.2=2\nweight.1=1\nweight.2=2\n", 3),
    ("dataDir=/d\ndynamicConfigFile=/conf/zoo.cfg.dynamic\n", 2),
])
def test_validate_accepts(text, my_id):
    assert zoocfg.validate(text, my_id=my_id) == []


def test_validate_accepts_entries_and_dicts():
    entries = zoocfg.parse(BASE)
    assert zoocfg.validate(entries) == []
    assert zoocfg.validate({"dataDir": "/d", "clientPort": 2181, "standaloneEnabled": True}) == []
    assert _has(zoocfg.validate({"dataDir": "/d", "clientPort": "x"}), "clientPort is 'x'")


# ---------------------------------------------------------------- render

SETTINGS = {
    "snapCount": 100000, "clientPort": 2181, "dataDir": "/var/lib/zookeeper", "tickTime": 2000,
    "syncLimit": 5, "initLimit": 10, "4lw.commands.whitelist": ["srvr", "mntr", "ruok"],
    "admin.enableServer": False, "standaloneEnabled": False, "forceSync": True, "dataLogDir": None,
    "autopurge.purgeInterval": 24, "metricsProvider.httpPort": 7000,
}
SERVERS = [{"id": 3, "host": "zk3", "role": "observer"}, {"id": 1, "host": "zk1"}, {"id": 2, "host": "zk2"}]
EXPECTED = """# Managed by Ansible
# do not edit
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
autopurge.purgeInterval=24
standaloneEnabled=false
4lw.commands.whitelist=srvr,mntr,ruok
admin.enableServer=false
metricsProvider.httpPort=7000
forceSync=yes
snapCount=100000
server.1=zk1:2888:3888
server.2=zk2:2888:3888
server.3=zk3:2888:3888:observer
group.1=1
group.2=2
weight.1=1
weight.2=3
"""


def test_render_fixed_order():
    text = zoocfg.render(SETTINGS, SERVERS, quorum_groups={2: [2], 1: [1]}, weights={2: 3, 1: 1},
                         header=["Managed by Ansible", "do not edit"])
    assert text == EXPECTED


# EXPECTED without groups and weights, under a one-line header: written out by hand, not rendered.
EXPECTED_PLAIN = """# h
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
autopurge.purgeInterval=24
standaloneEnabled=false
4lw.commands.whitelist=srvr,mntr,ruok
admin.enableServer=false
metricsProvider.httpPort=7000
forceSync=yes
snapCount=100000
server.1=zk1:2888:3888
server.2=zk2:2888:3888
server.3=zk3:2888:3888:observer
"""


@pytest.mark.parametrize("settings, servers", [
    (SETTINGS, SERVERS),
    (dict(reversed(list(SETTINGS.items()))), list(reversed(SERVERS))),
    (dict(sorted(SETTINGS.items())), sorted(SERVERS, key=lambda s: s["host"])),
], ids=["given order", "reversed", "sorted"])
def test_render_is_deterministic_whatever_the_input_order(settings, servers):
    assert zoocfg.render(settings, servers, header="h") == EXPECTED_PLAIN


def test_render_round_trips_through_parse_and_validate():
    text = zoocfg.render(SETTINGS, SERVERS)
    assert zoocfg.validate(text, my_id=2) == []
    assert zoocfg.to_dict(text)["server.3"] == "zk3:2888:3888:observer"


def test_render_groups_as_list():
    text = zoocfg.render({"dataDir": "/d", "clientPort": 2181}, [{"id": 1, "host": "a"}, {"id": 2, "host": "b"}],
                         quorum_groups=[[1], [2]])
    assert text.endswith("group.1=1\ngroup.2=2\n")


@pytest.mark.parametrize("settings, servers, fragments", [
    ({"dataDir": "/d"}, [], ("clientPort is missing",)),
    ({"clientPort": 2181}, [], ("dataDir is missing",)),
    ({"dataDir": "/d", "clientPort": 2181, "sever.1": "a:1:2"}, [], ("did you mean 'server.1'?",)),
    ({"dataDir": "/d", "clientPort": 2181, "server.1": "a:1:2"}, [], ("belongs in the servers",)),
    ({"dataDir": "/d", "clientPort": 2181, "tickTime": "two"}, [], ("not a whole number",)),
    ({"dataDir": "/d\nclientPort=1", "clientPort": 2181}, [], ("line break",)),
    ({"dataDir": "/d ", "clientPort": 2181}, [], ("leading or trailing spaces",)),
    ({"dataDir": "/d", "clientPort": 2181}, [{"id": 1, "host": "a"}, {"id": 1, "host": "b"}],
     ("duplicate server id 1", "a and b")),
    ({"dataDir": "/d", "clientPort": 2181}, [{"id": 1, "host": "a", "quorum_port": 1, "election_port": 1}],
     ("for both quorum and election",)),
    ({"dataDir": "/d", "clientPort": 2181}, [{"id": 0, "host": "a"}], ("id must be",)),
])
def test_render_refuses(settings, servers, fragments):
    with pytest.raises(ZooCfgError) as err:
        zoocfg.render(settings, servers)
    assert _has(err.value.problems, *fragments), err.value.problems
    assert "zoo.cfg not rendered" in str(err.value)


def test_render_lists_every_problem():
    with pytest.raises(ZooCfgError) as err:
        zoocfg.render({"tickTime": "x", "initLimt": 10}, [])
    problems = err.value.problems
    assert len(problems) == 4, problems  # tickTime, initLimt, dataDir, clientPort


def test_render_problems_name_settings_not_lines_of_unwritten_text():
    with pytest.raises(ZooCfgError) as err:
        zoocfg.render({"dataDir": "/d", "clientPort": 2181, "tickTme": 2000}, [])
    assert err.value.problems == ["unknown key 'tickTme': did you mean 'tickTime'?"]


# ---------------------------------------------------------------- check_instances (pseudo-cluster)

SOURCE_INSTANCES = [
    {"id": 1, "client_port": 2181, "quorum_port": 2222, "election_port": 2223, "data_dir": "/var/lib/zk1"},
    {"id": 2, "client_port": 2182, "quorum_port": 3333, "election_port": 3334, "data_dir": "/var/lib/zk2"},
    {"id": 3, "client_port": 2183, "quorum_port": 4444, "election_port": 4445, "data_dir": "/var/lib/zk3"},
]


def test_source_pseudo_cluster_ports_are_accepted():
    assert zoocfg.check_instances(SOURCE_INSTANCES) == []


def _with(index, **changes):
    instances = [dict(i) for i in SOURCE_INSTANCES]
    instances[index].update(changes)
    return instances


@pytest.mark.parametrize("instances, expected", [
    (_with(1, quorum_port=2222), "instances 1 and 2 both use port 2222 (quorum_port of 1, quorum_port of 2)"),
    (_with(2, client_port=2181), "instances 1 and 3 both use port 2181 (client_port of 1, client_port of 3)"),
    (_with(1, election_port=2181), "instances 1 and 2 both use port 2181 (client_port of 1, election_port of 2)"),
    (_with(0, quorum_port=2223), "instance 1 uses port 2223 twice (quorum_port and election_port)"),
    ([dict(i, admin_port=8080) for i in SOURCE_INSTANCES],
     "instances 1 and 2 both use port 8080 (admin_port of 1, admin_port of 2)"),
    (_with(1, data_dir="/var/lib/zk1/"),
     "instances 1 and 2 both use directory /var/lib/zk1 (data_dir of 1, data_dir of 2)"),
    (_with(2, data_log_dir="/var/lib/zk2"),
     "instances 2 and 3 both use directory /var/lib/zk2 (data_dir of 2, data_log_dir of 3)"),
    (_with(1, id=1), "instances #1 and #2 in the list both have id 1; every server needs its own id"),
    (_with(0, client_port=None), "instance 1 has no client_port"),
    (_with(0, data_dir=""), "instance 1 has no data_dir"),
    (_with(0, quorum_port="x"), "instance 1: quorum_port 'x' is not a port"),
])
def test_check_instances_finds(instances, expected):
    problems = zoocfg.check_instances(instances)
    assert _has(problems, expected), problems


def test_check_instances_allows_own_data_log_dir_equal_to_data_dir():
    assert zoocfg.check_instances(_with(0, data_log_dir="/var/lib/zk1")) == []
