# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.zkops.ensemble.plugins.modules import zk_myid


def _run(capsys, **args):
    """Run the module for real; return (failed, result)."""
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            zk_myid.main()
    result = json.loads(capsys.readouterr().out)
    assert bool(info.value.code) == bool(result.get("failed"))
    return bool(result.get("failed")), result


@pytest.fixture
def myid(tmp_path):
    return tmp_path / "myid"


def test_creates_the_file(capsys, myid):
    failed, result = _run(capsys, path=str(myid), id=3)
    assert not failed
    assert result["changed"] is True
    assert result["id"] == 3
    assert result["previous_id"] is None
    assert result["path"] == str(myid)
    assert myid.read_text() == "3\n"
    assert stat.S_IMODE(os.stat(str(myid)).st_mode) == 0o640


@pytest.mark.parametrize("content", ["3\n", "3", " 3 \n"])
def test_confirms_the_same_id(capsys, myid, content):
    myid.write_text(content)
    os.chmod(str(myid), 0o640)
    failed, result = _run(capsys, path=str(myid), id=3)
    assert not failed
    assert result["changed"] is False
    assert result["previous_id"] == 3
    assert myid.read_text() == content


def test_fixes_the_mode_of_a_correct_file(capsys, myid):
    myid.write_text("3\n")
    os.chmod(str(myid), 0o600)
    failed, result = _run(capsys, path=str(myid), id=3, mode="0644")
    assert not failed
    assert result["changed"] is True
    assert stat.S_IMODE(os.stat(str(myid)).st_mode) == 0o644


def test_refuses_a_different_id(capsys, myid):
    myid.write_text("2\n")
    failed, result = _run(capsys, path=str(myid), id=3)
    assert failed
    assert str(myid) in result["msg"]
    assert "holds id 2 but id 3 was requested" in result["msg"]
    assert "corrupts the ensemble's view" in result["msg"]
    assert "force=true" in result["msg"]
    assert myid.read_text() == "2\n"


@pytest.mark.parametrize("content", ["2\n", "O1\n"])
def test_force_overwrites(capsys, myid, content):
    myid.write_text(content)
    failed, result = _run(capsys, path=str(myid), id=3, force=True)
    assert not failed
    assert result["changed"] is True
    assert myid.read_text() == "3\n"


def test_refuses_an_unreadable_id_without_force(capsys, myid):
    myid.write_text("O1\n")
    failed, result = _run(capsys, path=str(myid), id=1)
    assert failed
    assert "'O1'" in result["msg"] and "force=true" in result["msg"]
    assert myid.read_text() == "O1\n"


def test_writes_an_empty_file(capsys, myid):
    myid.write_text("")
    failed, result = _run(capsys, path=str(myid), id=1)
    assert not failed
    assert result["changed"] is True
    assert myid.read_text() == "1\n"


@pytest.mark.parametrize("existing, changed", [(None, True), ("3\n", False), ("2\n", True)])
def test_check_mode_writes_nothing(capsys, myid, existing, changed):
    if existing is not None:
        myid.write_text(existing)
        os.chmod(str(myid), 0o640)
    failed, result = _run(capsys, path=str(myid), id=3, force=True, _ansible_check_mode=True)
    assert not failed
    assert result["changed"] is changed
    if existing is None:
        assert not myid.exists()
    else:
        assert myid.read_text() == existing


@pytest.mark.parametrize("existing, before, after", [
    (None, "", "3\n"),
    ("2\n", "2\n", "3\n"),
    ("3\n", "3\n", "3\n"),
])
def test_diff(capsys, myid, existing, before, after):
    if existing is not None:
        myid.write_text(existing)
    failed, result = _run(capsys, path=str(myid), id=3, force=True, _ansible_diff=True, _ansible_check_mode=True)
    assert not failed
    assert result["diff"]["before"] == before
    assert result["diff"]["after"] == after
    assert result["diff"]["before_header"] == str(myid)


@pytest.mark.parametrize("args, message", [
    (dict(id=0), "outside the valid range 1..255"),
    (dict(id=256), "outside the valid range 1..255"),
    (dict(id="abc"), "cannot be converted to an int"),
])
def test_rejects_bad_ids(capsys, myid, args, message):
    failed, result = _run(capsys, path=str(myid), **args)
    assert failed
    assert message in result["msg"]
    assert not myid.exists()


def test_missing_directory(capsys, tmp_path):
    path = tmp_path / "no" / "myid"
    failed, result = _run(capsys, path=str(path), id=1)
    assert failed
    assert "does not exist" in result["msg"] and "dataDir" in result["msg"]


def test_path_is_a_directory(capsys, tmp_path):
    failed, result = _run(capsys, path=str(tmp_path), id=1)
    assert failed
    assert "is a directory" in result["msg"]


@pytest.mark.parametrize("hosts, existing, expected", [
    (["zk1", "zk2", "zk3"], {}, {"zk1": 1, "zk2": 2, "zk3": 3}),
    (["zk1", "zk2", "zk3", "zk4"], {"zk1": 1, "zk3": 3}, {"zk1": 1, "zk2": 2, "zk3": 3, "zk4": 4}),
    (["zk1", "zk2"], {"zk2": "1"}, {"zk1": 2, "zk2": 1}),
])
def test_plan_mode(capsys, hosts, existing, expected):
    failed, result = _run(capsys, hosts=hosts, existing=existing)
    assert not failed
    assert result["changed"] is False
    assert result["ids"] == expected


def test_plan_mode_catches_the_same_id_everywhere(capsys):
    failed, result = _run(capsys, hosts=["zk1", "zk2", "zk3"], existing={"zk1": 1, "zk2": 1, "zk3": 1})
    assert failed
    assert "'zk1' and 'zk2'" in result["msg"]


@pytest.mark.parametrize("args, message", [
    (dict(), "one of the following is required: path, hosts"),
    (dict(path="/tmp/x/myid"), "missing parameter(s) required by 'path': id"),
    (dict(path="/tmp/x/myid", id=1, hosts=["a"]), "mutually exclusive"),
])
def test_argument_errors(capsys, args, message):
    failed, result = _run(capsys, **args)
    assert failed
    assert message in result["msg"]
