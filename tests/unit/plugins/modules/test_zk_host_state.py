# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.zkops.ensemble.plugins.modules import zk_host_state


def _run(capsys, **args):
    """Run the module for real; return (failed, result)."""
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            zk_host_state.main()
    result = json.loads(capsys.readouterr().out)
    assert bool(info.value.code) == bool(result.get("failed"))
    return bool(result.get("failed")), result


def test_reads_paths_files_users_and_groups_in_one_call(capsys, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "myid").write_text("4\n")
    failed, result = _run(capsys, paths=[str(tmp_path / "data"), str(tmp_path / "unit")],
                          read=[str(tmp_path / "data" / "myid"), str(tmp_path / "other" / "myid")],
                          users=["root", "zkops-no-such-user"], groups=["root"])
    assert not failed
    assert result["changed"] is False
    paths = result["paths"]
    assert paths[str(tmp_path / "data")]["type"] == "directory"
    assert paths[str(tmp_path / "unit")] == {"exists": False, "type": "absent"}
    assert paths[str(tmp_path / "data" / "myid")]["content"] == "4\n"
    assert paths[str(tmp_path / "other" / "myid")]["exists"] is False
    assert result["users"]["root"]["uid"] == 0
    assert result["users"]["zkops-no-such-user"] == {"exists": False}
    assert result["groups"]["root"] == {"exists": True, "gid": 0}


def test_check_mode_reads_the_same(capsys, tmp_path):
    (tmp_path / "f").write_text("x")
    _failed, normal = _run(capsys, paths=[str(tmp_path / "f")])
    _failed, check = _run(capsys, paths=[str(tmp_path / "f")], _ansible_check_mode=True)
    assert check["paths"] == normal["paths"]


def test_a_myid_that_is_a_directory_is_an_error_naming_it(capsys, tmp_path):
    (tmp_path / "myid").mkdir()
    failed, result = _run(capsys, read=[str(tmp_path / "myid")])
    assert failed
    assert str(tmp_path / "myid") in result["msg"]
    assert "not a regular file" in result["msg"]
