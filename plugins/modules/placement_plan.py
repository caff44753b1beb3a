#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: placement_plan
short_description: Plan or check how ZooKeeper voters are spread over rooms
version_added: "0.1.0"
description:
  - Computes where the voters of a ZooKeeper ensemble go so that the loss of a whole room
    (data centre, availability zone) leaves a majority, or checks a given layout.
  - With three or more rooms, the first room gets half of N-1 voters (rounded down) and the others at least one
    each, no room holding half or more of the voters; for 7 voters in three rooms the plans are
    (3,1,3) and (3,2,2), and the most balanced one is chosen.
  - With two rooms no layout survives the loss of either room; the primary room gets the majority
    (7 voters are 4 + 3) and the result says plainly which room loss is fatal.
  - When every host in O(hosts) has a O(hosts[].room), the layout is checked; when none has one,
    the hosts are assigned to rooms from the chosen plan, in the order given.
  - Pure computation; never changes anything on the target.
author:
  - zkops.ensemble contributors (@zkops)
options:
  size:
    description:
      - Number of voters. Defaults to the number of O(hosts).
      - When O(hosts) is also given, it must equal the number of hosts.
    type: int
  hosts:
    description:
      - The ensemble's voters.
      - Either every host has a O(hosts[].room) (the layout is checked) or none has (the hosts are assigned).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Host name, unique in the list.
        type: str
        required: true
      room:
        description:
          - Room the host is in.
        type: str
  rooms:
    description:
      - Room names; plans list their counts in this order and the first room takes the largest share.
      - Defaults to the rooms of O(hosts) in order of first appearance when every host has a room.
    type: list
    elements: str
  primary_room:
    description:
      - The more reliable of two rooms; it gets (or must hold) the majority of the voters.
      - Required with exactly two rooms; ignored (with a warning) otherwise.
    type: str
attributes:
  platform:
    support: full
    platforms: posix
  check_mode:
    support: full
    description: Always returns the same result; nothing is changed in either mode.
  diff_mode:
    support: none
    description: Nothing is changed, so there is nothing to diff.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
notes:
  - Only voters count; list observers elsewhere.
  - A refusal names the hosts concerned, the option and the variable of the M(zkops.ensemble.zookeeper) role it
    comes from (O(rooms) is C(zookeeper_rooms), O(primary_room) is C(zookeeper_primary_room), O(hosts[].room) is
    C(zookeeper_room)), and the fix; for a layout that a room loss would stop, the layout to use and which hosts
    to move to which room to reach it, in the fewest moves.
  - Warnings about the size (an even number of voters) and the layout (a fatal room loss) are
    emitted as task warnings, in the standard C(warnings) result key.
seealso:
  - name: ZooKeeper hierarchical quorums
    description: Groups and weights across rooms.
    link: https://zookeeper.apache.org/doc/current/zookeeperHierarchicalQuorums.html
"""

EXAMPLES = r"""
- name: Plan 7 voters over three rooms
  zkops.ensemble.placement_plan:
    size: 7
    rooms: [dc1, dc2, dc3]
  register: placement
  # placement.plans == [[3, 1, 3], [3, 2, 2]], placement.plan == [3, 2, 2]

- name: Plan two rooms and be told which loss is fatal
  zkops.ensemble.placement_plan:
    size: 7
    rooms: [dc1, dc2]
    primary_room: dc1
  # plan == [4, 3], fatal_room_losses == ['dc1']

- name: Assign servers to rooms, in order (zk1-zk3 to a, zk4-zk5 to b, zk6-zk7 to c)
  zkops.ensemble.placement_plan:
    hosts: [{name: zk1}, {name: zk2}, {name: zk3}, {name: zk4}, {name: zk5}, {name: zk6}, {name: zk7}]
    rooms: [a, b, c]

- name: Check an existing layout
  zkops.ensemble.placement_plan:
    hosts:
      - {name: zk1, room: a}
      - {name: zk2, room: a}
      - {name: zk3, room: b}
      - {name: zk4, room: b}
      - {name: zk5, room: c}
"""

RETURN = r"""
plans:
  description: Every candidate plan, each a list of voter counts in O(rooms) order.
  returned: success
  type: list
  elements: list
  sample: [[3, 1, 3], [3, 2, 2]]
plan:
  description: The chosen (or checked) voter counts, in O(rooms) order.
  returned: success
  type: list
  elements: int
  sample: [3, 2, 2]
assignment:
  description: Host name to room; empty when no O(hosts) were given.
  returned: success
  type: dict
  sample: {"zk1": "dc1", "zk2": "dc1", "zk3": "dc1", "zk4": "dc2"}
quorum_size:
  description: Voters needed for a majority.
  returned: success
  type: int
  sample: 4
tolerated_failures:
  description: Voters that may fail with the rest still a majority.
  returned: success
  type: int
  sample: 3
survives_room_loss:
  description: Room name to whether the ensemble keeps its quorum when that room is lost.
  returned: success
  type: dict
  sample: {"dc1": false, "dc2": true}
fatal_room_losses:
  description: Rooms whose loss stops the ensemble.
  returned: success
  type: list
  elements: str
  sample: ["dc1"]
rooms:
  description: Room name to what it holds and what its loss does.
  returned: success
  type: dict
  sample: {"dc1": {"voters": 4, "hosts": ["zk1", "zk2", "zk3", "zk4"], "survives": false, "left_after_loss": 3},
           "dc2": {"voters": 3, "hosts": ["zk5", "zk6", "zk7"], "survives": true, "left_after_loss": 4}}
  contains:
    voters:
      description: Voters planned for (or found in) the room.
      type: int
    hosts:
      description: The hosts in the room (assigned or as given), in the order of O(hosts); empty without O(hosts).
      type: list
      elements: str
    survives:
      description: Whether the voters left after losing the room still form a quorum.
      type: bool
    left_after_loss:
      description: Voters left when the room is lost.
      type: int
summary:
  description:
    - The room plan and what the loss of each room does, one line each, for an operator to read.
    - A first line with the voters per room and the quorum, a line per room, in O(rooms) order, and a warning line
      when a room loss is fatal.
  returned: success
  type: list
  elements: str
  sample:
    - "Room plan (voters per room): dc1=4, dc2=3; quorum 4 of 7"
    - "room dc1 lost -> QUORUM LOST (the ensemble stops)"
    - "room dc2 lost -> quorum kept (survives)"
    - "WARNING: losing room(s) dc1 stops the ensemble (no writes, no reads) until enough of its servers are back"
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.zkops.ensemble.plugins.module_utils._placement import PlacementError, plan


def main():
    module = AnsibleModule(
        argument_spec=dict(
            size=dict(type="int"),
            hosts=dict(
                type="list",
                elements="dict",
                options=dict(
                    name=dict(type="str", required=True),
                    room=dict(type="str"),
                ),
            ),
            rooms=dict(type="list", elements="str"),
            primary_room=dict(type="str"),
        ),
        required_one_of=[("size", "hosts")],
        supports_check_mode=True,
    )
    params = module.params
    try:
        result = plan(size=params["size"], rooms=params["rooms"], hosts=params["hosts"],
                      primary_room=params["primary_room"])
    except PlacementError as exc:
        module.fail_json(msg=str(exc))
    # `warnings` is Ansible's own result key: passing it to exit_json is deprecated, and the
    # controller turns it into task warnings, so emit each one through module.warn().
    for warning in result.pop("warnings"):
        module.warn(warning)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
