# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""read_path / read_user / read_group and stale_paths: one read of a host, and what of it differs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import grp
import hashlib
import os
import pwd

import pytest

from ansible_collections.zkops.ensemble.plugins.module_utils._host_state import (
    ReadError,
    is_stale,
    read_group,
    read_path,
    read_user,
    stale_paths,
)

ME = pwd.getpwuid(os.getuid()).pw_name
MY_GROUP = grp.getgrgid(os.getgid()).gr_name


def _sha1(text):
    return hashlib.sha1(text.encode()).hexdigest()


def test_a_missing_path_is_absent(tmp_path):
    assert read_path(str(tmp_path / "nothing")) == {"exists": False, "type": "absent"}
    # read= of a missing file is no error: a fresh data directory has no myid yet
    assert read_path(str(tmp_path / "nothing"), content=True) == {"exists": False, "type": "absent"}


def test_a_file_has_owner_group_mode_checksum_and_content(tmp_path):
    path = tmp_path / "myid"
    path.write_text("3\n")
    os.chmod(str(path), 0o640)
    found = read_path(str(path), content=True)
    assert found["exists"] is True
    assert found["type"] == "file"
    assert (found["owner"], found["group"]) == (ME, MY_GROUP)
    assert (found["uid"], found["gid"]) == (os.getuid(), os.getgid())
    assert found["mode"] == "0640"
    assert found["checksum"] == _sha1("3\n")
    assert found["content"] == "3\n"
    assert "content" not in read_path(str(path))


def test_a_directory_and_a_link_are_described_themselves(tmp_path):
    os.chmod(str(tmp_path), 0o750)
    assert read_path(str(tmp_path))["type"] == "directory"
    assert read_path(str(tmp_path))["mode"] == "0750"
    link = tmp_path / "current"
    link.symlink_to("apache-zookeeper-3.9.3-bin")  # dangling: still exists, as stat without follow says
    found = read_path(str(link))
    assert (found["exists"], found["type"], found["target"]) == (True, "link", "apache-zookeeper-3.9.3-bin")
    assert "checksum" not in found


@pytest.mark.parametrize("make, says", [
    (lambda p: p.mkdir(), "directory"),
    (lambda p: p.symlink_to("missing"), "a link to a missing file"),
])
def test_read_refuses_what_is_not_a_regular_file(tmp_path, make, says):
    path = tmp_path / "myid"
    make(path)
    with pytest.raises(ReadError, match=says):
        read_path(str(path), content=True)


def test_read_follows_a_link_to_a_file(tmp_path):
    (tmp_path / "real").write_text("2\n")
    (tmp_path / "myid").symlink_to("real")
    assert read_path(str(tmp_path / "myid"), content=True)["content"] == "2\n"


def test_users_and_groups():
    me = read_user(ME)
    assert me["exists"] is True
    assert me["uid"] == os.getuid()
    assert me["home"] == pwd.getpwnam(ME).pw_dir
    assert me["group"] == grp.getgrgid(me["gid"]).gr_name
    assert read_user("zkops-no-such-user") == {"exists": False}
    assert read_group(MY_GROUP) == {"exists": True, "gid": os.getgid()}
    assert read_group("zkops-no-such-group") == {"exists": False}


FILE = {"exists": True, "type": "file", "owner": "zookeeper", "group": "zookeeper", "uid": 999, "gid": 998,
        "mode": "0640", "checksum": _sha1("1\n")}
WANTED = {"path": "/d/myid", "kind": "myid", "key": 1, "type": "file", "owner": "zookeeper", "group": "zookeeper",
          "mode": "0640", "checksum": _sha1("1\n")}


def test_a_file_as_wanted_is_not_stale():
    assert not is_stale(WANTED, FILE)
    # numeric owner and group (the docker deployment's uid/gid), int or octal-int modes
    assert not is_stale(dict(WANTED, owner=999, group="998", mode=0o640), FILE)


@pytest.mark.parametrize("change", [
    {"owner": "root"}, {"group": "root"}, {"owner": 0}, {"mode": "0600"}, {"mode": 0o600},
    {"checksum": _sha1("2\n")}, {"type": "directory"},
    {"mode": "u=rw,g=r"},  # symbolic: cannot be compared here, the task decides
])
def test_any_difference_is_stale(change):
    assert is_stale(dict(WANTED, **change), FILE)


def test_what_was_not_read_or_is_missing_is_stale():
    assert is_stale(WANTED, None)
    assert is_stale(WANTED, {"exists": False, "type": "absent"})
    assert is_stale(WANTED, dict(FILE, type="link", target="x"))


def test_content_left_alone_when_the_checksum_is_none():
    # zoo.cfg with reconfigEnabled: written once, ZooKeeper owns it afterwards
    assert not is_stale(dict(WANTED, checksum=None), dict(FILE, checksum=_sha1("rewritten by ZooKeeper")))


def test_links_and_absent_paths():
    link = {"path": "/opt/zookeeper/current", "kind": "current", "type": "link", "target": "apache-zookeeper-3.9.3-bin"}
    assert not is_stale(link, {"exists": True, "type": "link", "target": "apache-zookeeper-3.9.3-bin"})
    assert is_stale(link, {"exists": True, "type": "link", "target": "apache-zookeeper-3.8.0-bin"})
    assert is_stale(link, {"exists": True, "type": "directory"})
    gone = {"path": "/c/jaas.conf", "kind": "jaas_absent", "type": "absent"}
    assert not is_stale(gone, {"exists": False, "type": "absent"})
    assert is_stale(gone, FILE)


def test_stale_paths_names_every_kind_and_keys_once():
    wanted = [
        dict(WANTED, path="/d1/myid", key=1),
        dict(WANTED, path="/d2/myid", key=2),
        {"path": "/etc/zk", "kind": "dirs", "type": "directory", "mode": "0755"},
        {"path": "/var/log/zk", "kind": "dirs", "type": "directory", "mode": "0755"},
    ]
    found = {
        "/d1/myid": FILE,
        "/d2/myid": dict(FILE, checksum=_sha1("3\n")),
        "/etc/zk": {"exists": True, "type": "directory", "mode": "0755"},
    }
    assert stale_paths(wanted, found) == {"myid": [2], "dirs": ["/var/log/zk"]}
    assert stale_paths(wanted[:1], found) == {"myid": []}
