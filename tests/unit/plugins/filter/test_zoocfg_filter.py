"""zk_server_lines: the server.N lines, from the same code as the zoo.cfg renderer."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.zkops.ensemble.plugins.filter.zoocfg import FilterModule, zk_membership, zk_server_lines
from ansible_collections.zkops.ensemble.plugins.module_utils import _zoocfg as zoocfg

SERVERS = [{"id": 3, "host": "zk3", "role": "observer"}, {"id": 1, "host": "zk1"}, {"id": 2, "host": "zk2"}]


@pytest.mark.parametrize("servers, kwargs, expected", [
    (SERVERS, {}, ["server.1=zk1:2888:3888", "server.2=zk2:2888:3888", "server.3=zk3:2888:3888:observer"]),
    (SERVERS[1:], {"client_port": 2181}, ["server.1=zk1:2888:3888;2181", "server.2=zk2:2888:3888;2181"]),
    (SERVERS[1:2], {"client_port": 2181, "client_address": "0.0.0.0"}, ["server.1=zk1:2888:3888;0.0.0.0:2181"]),
    ([{"id": 1, "host": "127.0.0.1", "quorum_port": 2222, "election_port": 2223, "client_port": 2181},
      {"id": 2, "host": "127.0.0.1", "quorum_port": 3333, "election_port": 3334, "client_port": 2182}],
     {"client_port": 9999}, ["server.1=127.0.0.1:2222:2223;2181", "server.2=127.0.0.1:3333:3334;2182"]),
    ([{"id": "7", "host": "zk7", "quorum_port": None}], {"quorum_port": 2889, "election_port": 3889},
     ["server.7=zk7:2889:3889"]),
    ([], {}, []),
])
def test_zk_server_lines(servers, kwargs, expected):
    assert zk_server_lines(servers, **kwargs) == expected


def test_lines_match_the_renderer():
    # Both written out by hand: the filter's lines are exactly the renderer's server.N lines, sorted by id.
    lines = ["server.1=zk1:2888:3888", "server.2=zk2:2888:3888", "server.3=zk3:2888:3888:observer"]
    assert zk_server_lines(SERVERS) == lines
    assert zoocfg.render({"dataDir": "/d", "clientPort": 2181}, SERVERS) == (
        "dataDir=/d\n"
        "clientPort=2181\n"
        "server.1=zk1:2888:3888\n"
        "server.2=zk2:2888:3888\n"
        "server.3=zk3:2888:3888:observer\n")


@pytest.mark.parametrize("servers, kwargs, fragment", [
    ("zk1", {}, "expects a list of server dicts"),
    ({"id": 1, "host": "zk1"}, {}, "expects a list of server dicts"),
    (["zk1"], {}, "item 0 is 'zk1', not a dict"),
    ([{"id": 1, "host": "zk1"}, {"id": 1, "host": "zk2"}], {}, "id 1 is used by zk1:2888:3888 and 'zk2'"),
    ([{"id": 0, "host": "zk1"}], {}, "id must be a whole number from 1 to 255"),
    ([{"id": 1, "host": "zk1"}], {"quorum_port": 0}, "quorum_port must be a port"),
    ([{"id": 1, "host": "zk1", "role": "leader"}], {}, "role must be participant or observer"),
    ([{"id": 1, "host": "zk1", "client_address": "0.0.0.0"}], {}, "needs a client_port"),
])
def test_zk_server_lines_errors(servers, kwargs, fragment):
    with pytest.raises(AnsibleFilterError) as err:
        zk_server_lines(servers, **kwargs)
    assert fragment in str(err.value)
    assert str(err.value).startswith("zk_server_lines")


def test_filter_is_registered():
    filters = FilterModule().filters()
    assert list(filters) == ["zk_server_lines", "zk_membership"]
    # What a playbook gets under that name: the server.N lines themselves.
    assert filters["zk_server_lines"](SERVERS[1:], client_port=2181) == ["server.1=zk1:2888:3888;2181",
                                                                         "server.2=zk2:2888:3888;2181"]


def test_zk_membership():
    texts = ["clientPort=2181\nserver.2=zk2:2888:3888\n", "server.1=zk1:2888:3888:observer;2182\n"]
    assert FilterModule().filters()["zk_membership"](texts) == [
        {"id": 1, "host": "zk1", "quorum_port": 2888, "election_port": 3888, "role": "observer",
         "client_port": 2182, "client": "zk1:2182"},
        {"id": 2, "host": "zk2", "quorum_port": 2888, "election_port": 3888, "role": "participant",
         "client_port": 2181, "client": "zk2:2181"},
    ]


@pytest.mark.parametrize("texts, fragment", [
    ("server.1=zk1:2888:3888", "zk_membership expects a list of zoo.cfg texts"),
    ({"zk1": "server.1=zk1:2888:3888"}, "zk_membership expects a list of zoo.cfg texts"),
    ([None], "zk_membership: item 0 is None, not the text of a zoo.cfg"),
    (["server.1=zk1"], "zk_membership: zoo.cfg text 1, line 1 (server.1): 'zk1' does not have the form"),
])
def test_zk_membership_refuses(texts, fragment):
    with pytest.raises(AnsibleFilterError) as err:
        zk_membership(texts)
    assert fragment in str(err.value)
