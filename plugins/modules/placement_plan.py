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
  - With three or more rooms, every layout (voters per room, at least one in each room) that survives the loss of
    any one room is a candidate. The chosen one keeps the most voters to spare after the worst room loss (the
    voters left minus the quorum), then has the smallest spread (largest room minus smallest), then comes first
    when the counts, largest first, are compared room by room (smaller first). The first room takes the largest
    share. 7 voters in three rooms give (3,2,2) (0 spare; (3,3,1) has the same spare and a larger spread),
    9 give (3,3,3) (1 spare), 11 give (4,4,3) (1 spare), 15 give (5,5,5) (2 spare).
  - The source document's three-room algorithm (N1 = (N-1)//2, N2 in 1..(N-N1)//2, N3 = N-N1-N2 < N1+N2,
    generalised to more rooms) is returned unchanged in RV(source_plans), for 7 voters (3,1,3) and (3,2,2);
    every plan it lists leaves a bare quorum, no voter to spare, after losing its largest room.
  - At most 20 layouts and 20 source plans are listed (the best, the source's first, first); RV(layouts_total)
    and RV(source_plans_total) count them all. The best layouts are found without listing every layout, so
    255 voters in 9 rooms (about 1.8 billion layouts) are planned in milliseconds.
  - With two rooms no layout survives the loss of either room; the primary room gets the majority
    (7 voters are 4 + 3), the result says plainly which room loss is fatal and advises a third site
    holding a single voter (7 voters as 3 + 3 + 1), which survives the loss of either main room.
  - When every host in O(hosts) has a O(hosts[].room), the layout is checked. It is accepted when every room
    loss is survived (with two rooms, when the primary room holds the majority); when a layout with more spare,
    or the same spare and a smaller spread, exists, RV(better_layout) and RV(summary) name it and the moves that
    reach it. When no host has a room, the hosts are assigned to rooms from the chosen plan, in the order given.
  - More than 255 voters are refused, since ZooKeeper server ids go from 1 to 255.
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
      weight:
        description:
          - The host's weight in a hierarchical quorum (C(zookeeper_weight)); 1 when not given.
          - Only used with O(hierarchical_quorum=true), for what each room's loss leaves; the choice of a layout
            counts every voter with weight 1.
        type: int
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
  hierarchical_quorum:
    description:
      - Whether the ensemble uses ZooKeeper hierarchical quorums with one group per room
        (C(zookeeper_hierarchical_quorum)).
      - When true, what each room's loss leaves follows ZooKeeper's hierarchical rule, where a quorum needs a majority
        of the groups that have weight, each of those by a majority of its weight (O(hosts[].weight)). The spare
        after a loss is then how many more voters may fail, whichever they are; with three rooms holding voters
        or more, every room loss is survived, whatever the counts.
      - When false, a quorum is a majority of the voters.
    type: bool
    default: false
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
  # placement.plan == [3, 2, 2], placement.spare_after_room_loss == 0
  # placement.plans == [[3, 2, 2], [3, 3, 1]], placement.source_plans == [[3, 1, 3], [3, 2, 2]]

- name: Plan 9 voters over three rooms (one voter to spare after any room loss)
  zkops.ensemble.placement_plan:
    size: 9
    rooms: [dc1, dc2, dc3]
  # plan == [3, 3, 3], spare_after_room_loss == 1; source_plans == [[4, 1, 4], [4, 2, 3]] (0 spare)

- name: Plan two rooms and be told which loss is fatal
  zkops.ensemble.placement_plan:
    size: 7
    rooms: [dc1, dc2]
    primary_room: dc1
  # plan == [4, 3], fatal_room_losses == ['dc1']; the summary advises a third site holding one voter

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

- name: Check a layout that survives but keeps less to spare than it could
  zkops.ensemble.placement_plan:
    hosts:
      - {name: zk1, room: a}
      - {name: zk2, room: a}
      - {name: zk3, room: a}
      - {name: zk4, room: a}
      - {name: zk5, room: b}
      - {name: zk6, room: b}
      - {name: zk7, room: b}
      - {name: zk8, room: b}
      - {name: zk9, room: c}
  # accepted (spare 0); better_layout.counts == [3, 3, 3] (spare 1), moves zk4 from a to c and zk8 from b to c

- name: Plan under hierarchical quorums (one group per room)
  zkops.ensemble.placement_plan:
    size: 13
    rooms: [a, b, c, d, e]
    hierarchical_quorum: true
  # plan == [3, 3, 3, 3, 1]: after any room loss 2 more voters may fail (the balanced [3, 3, 3, 2, 2] keeps 1)
"""

RETURN = r"""
layouts:
  description:
    - The valid layouts, best first (the first is the chosen plan, unless a given layout was checked), at most 20.
    - With three or more rooms, every layout of at least one voter per room whose rooms may each be lost; with
      two rooms, the primary room's majority; with one room, all voters in it.
    - Ordered by the most spare after the worst room loss, then the smallest spread, then the counts (largest
      first) compared room by room, smaller first.
  returned: success
  type: list
  elements: dict
  sample: [{"counts": [3, 2, 2], "spare_after_room_loss": 0, "spread": 1, "left_after_loss": [4, 5, 5]},
           {"counts": [3, 3, 1], "spare_after_room_loss": 0, "spread": 2, "left_after_loss": [4, 4, 6]}]
  contains:
    counts:
      description: Voters per room, in O(rooms) order (the largest first with three or more rooms).
      type: list
      elements: int
    spare_after_room_loss:
      description:
        - How many more voters may fail after the worst room loss (negative, with fewer than three rooms,
          how many are missing for a quorum).
      type: int
    spread:
      description: The largest room's voters minus the smallest room's.
      type: int
    left_after_loss:
      description: Per room, in the order of RV(layouts[].counts), the voters left when that room is lost.
      type: list
      elements: int
layouts_total:
  description: How many valid layouts there are in all; RV(layouts) lists at most 20 of them.
  returned: success
  type: int
  sample: 2
plans:
  description:
    - The counts of RV(layouts), each a list of voter counts in O(rooms) order, best first (the source
      algorithm's plans are in RV(source_plans)).
  returned: success
  type: list
  elements: list
  sample: [[3, 2, 2], [3, 3, 1]]
source_plans:
  description:
    - The source document's plans, unchanged, each a list of voter counts in O(rooms) order, at most 20 (the
      first ones); empty when its algorithm has none.
    - Three or more rooms (N voters) - the first room N1 = (N-1)//2, the others at least one voter each in
      non-decreasing order, no room holding half or more. Two rooms - the primary room's majority.
  returned: success
  type: list
  elements: list
  sample: [[3, 1, 3], [3, 2, 2]]
source_plans_total:
  description: How many plans the source algorithm has in all; RV(source_plans) lists at most 20 of them.
  returned: success
  type: int
  sample: 2
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
quorum_rule:
  description:
    - C(majority), or C(hierarchical) with O(hierarchical_quorum=true) - the rule RV(rooms),
      RV(survives_room_loss) and RV(spare_after_room_loss) follow.
  returned: success
  type: str
  sample: majority
quorum_size:
  description:
    - Voters needed for a majority.
    - With O(hierarchical_quorum=true) still the plain majority, for reference; a hierarchical quorum is a
      majority of the groups, each by a majority of its weight.
  returned: success
  type: int
  sample: 4
tolerated_failures:
  description: Voters that may fail with the rest still a majority.
  returned: success
  type: int
  sample: 3
spare_after_room_loss:
  description:
    - How many more voters may fail after the worst room loss of the plan, whichever they are; 0 is a bare
      quorum; negative when a room loss stops the ensemble (minus the voters missing for a quorum).
  returned: success
  type: int
  sample: 0
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
  sample: {"dc1": {"voters": 4, "hosts": ["zk1", "zk2", "zk3", "zk4"], "survives": false, "left_after_loss": 3,
                   "spare_after_room_loss": -1},
           "dc2": {"voters": 3, "hosts": ["zk5", "zk6", "zk7"], "survives": true, "left_after_loss": 4,
                   "spare_after_room_loss": 0}}
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
    spare_after_room_loss:
      description:
        - How many more voters may fail after the room is lost, whichever they are (with a majority quorum,
          RV(rooms[].left_after_loss) minus RV(quorum_size)); negative when its loss stops the ensemble.
      type: int
better_layout:
  description:
    - For a checked layout of three or more rooms, the best layout (the one a plan would choose) when it keeps
      more spare after the worst room loss, or the same spare with a smaller spread; null otherwise, and with
      O(hierarchical_quorum=true) when the hosts' weights are not all 1.
    - Its counts are placed on the rooms so that the fewest hosts move.
  returned: success
  type: dict
  sample: {"counts": [3, 3, 3], "spare_after_room_loss": 1, "spread": 0, "left_after_loss": [6, 6, 6],
           "moves": [{"host": "zk4", "from": "a", "to": "c"}, {"host": "zk8", "from": "b", "to": "c"}]}
  contains:
    counts:
      description: Voters per room, in O(rooms) order.
      type: list
      elements: int
    spare_after_room_loss:
      description: How many more voters may fail after its worst room loss.
      type: int
    spread:
      description: The largest room's voters minus the smallest room's.
      type: int
    left_after_loss:
      description: Per room, the voters left when that room is lost.
      type: list
      elements: int
    moves:
      description: The hosts to move (set their C(zookeeper_room) to RV(better_layout.moves[].to)).
      type: list
      elements: dict
      contains:
        host:
          description: The host to move.
          type: str
        from:
          description: Its room now.
          type: str
        to:
          description: Its room in the better layout.
          type: str
summary:
  description:
    - The room plan and what the loss of each room does, one line each, for an operator to read.
    - A first line with the voters per room and the quorum, a line per room, in O(rooms) order, with the voters
      left and the spare, and a warning line when a room loss is fatal.
    - Then, with two rooms, the advice of a third site holding a single voter; with three rooms or more, the spare
      after the worst room loss, the better layout and its moves when there is one, and the source algorithm's
      plans.
  returned: success
  type: list
  elements: str
  sample:
    - "Room plan (voters per room): dc1=4, dc2=3; quorum 4 of 7"
    - "room dc1 lost -> QUORUM LOST (the ensemble stops); 3 voters left, 1 short of a quorum"
    - "room dc2 lost -> quorum kept (survives); 4 voters left, 0 spare"
    - "WARNING: losing room(s) dc1 stops the ensemble (no writes, no reads) until enough of its servers are back"
    - "Advice: a third site holding a single voter survives the loss of either main room: 7 voters as dc1=3,
      dc2=3 and 1 voter in a third room (zookeeper_rooms)"
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
                    weight=dict(type="int"),
                ),
            ),
            rooms=dict(type="list", elements="str"),
            primary_room=dict(type="str"),
            hierarchical_quorum=dict(type="bool", default=False),
        ),
        required_one_of=[("size", "hosts")],
        supports_check_mode=True,
    )
    params = module.params
    try:
        result = plan(size=params["size"], rooms=params["rooms"], hosts=params["hosts"],
                      primary_room=params["primary_room"], hierarchical_quorum=params["hierarchical_quorum"])
    except PlacementError as exc:
        module.fail_json(msg=str(exc))
    # `warnings` is Ansible's own result key: passing it to exit_json is deprecated, and the
    # controller turns it into task warnings, so emit each one through module.warn().
    for warning in result.pop("warnings"):
        module.warn(warning)
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
