# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Room-aware placement of ZooKeeper voters.

Three or more rooms: generalises the three-room algorithm of the source
document (N1 = (N-1)//2; N2 in 1..(N-N1)//2; N3 = N-N1-N2 with N3 < N1+N2) so
that losing any single room leaves a strict majority. Two rooms: no layout
survives the loss of either room, so the primary room gets the majority and
the fatal loss is said plainly. Majority arithmetic comes from _quorum.py.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    has_quorum,
    quorum_size,
    size_warnings,
    tolerated_failures,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words

# How far above a size without a plan to look for sizes that have one.
_SUGGESTION_SPAN = 64


class PlacementError(ValueError):
    """A placement that cannot work; the message says why and what would."""


def _check_size(size, name="size"):
    if isinstance(size, bool) or not isinstance(size, int):
        raise PlacementError("%s must be a whole number of voters, got %r" % (name, size))
    if size < 1:
        raise PlacementError("%s must be at least 1 voter, got %d" % (name, size))
    return size


def _check_room_count(room_count):
    if isinstance(room_count, bool) or not isinstance(room_count, int) or room_count < 3:
        raise PlacementError(
            "room_plans() needs 3 or more rooms, got %r; use two_room_plan() for two rooms"
            % (room_count,))
    return room_count


def _non_decreasing(total, parts, low, high):
    """Yield tuples of ``parts`` non-decreasing counts in low..high summing to ``total``, lexicographically."""
    if parts == 0:
        if total == 0:
            yield ()
        return
    for first in range(low, high + 1):
        rest = total - first
        # Every later count is >= first and <= high.
        if rest < first * (parts - 1) or rest > high * (parts - 1):
            continue
        for tail in _non_decreasing(rest, parts - 1, first, high):
            yield (first,) + tail


def room_plans(size: int, room_count: int) -> List[Tuple[int, ...]]:
    """Every layout of ``size`` voters over ``room_count`` (>= 3) rooms that survives losing any one room.

    The first room gets N1 = (size-1)//2; the others get at least one voter
    each, in non-decreasing order; no room holds half or more of the voters.
    Plans are tuples of counts, ordered lexicographically.
    """
    _check_size(size)
    _check_room_count(room_count)
    largest = (size - 1) // 2  # the largest count c with 2*c < size
    first = largest
    if first < 1:
        return []
    return [(first,) + rest
            for rest in _non_decreasing(size - first, room_count - 1, 1, largest)]


def most_balanced(plans: Iterable[Sequence[int]]) -> Sequence[int]:
    """The plan with the smallest spread (max - min); the first one on ties."""
    plans = list(plans)
    if not plans:
        raise PlacementError("there is no plan to choose from")
    best = plans[0]
    for candidate in plans[1:]:
        if max(candidate) - min(candidate) < max(best) - min(best):
            best = candidate
    return best


def two_room_plan(size: int) -> Tuple[int, int]:
    """(primary, secondary): the primary room holds the smallest majority, e.g. 7 -> (4, 3)."""
    _check_size(size)
    primary = quorum_size(size)
    return (primary, size - primary)


def survives_room_loss(counts_by_room: Dict[str, int]) -> Dict[str, bool]:
    """room -> True when the voters outside that room still form a quorum."""
    total = sum(counts_by_room.values())
    _check_size(total, "the total number of voters")
    return dict((room, has_quorum(total, total - count)) for room, count in counts_by_room.items())


def assign_hosts(hosts: Iterable[str], rooms: Iterable[str], counts: Iterable[int]) -> Dict[str, str]:
    """host -> room: hosts in the given order fill the rooms in ``rooms`` order up to their counts."""
    hosts = list(hosts)
    rooms = list(rooms)
    counts = list(counts)
    if len(rooms) != len(counts):
        raise PlacementError(
            "%d rooms (%s) but %d counts (%s); give one count per room"
            % (len(rooms), ", ".join(rooms), len(counts), ", ".join(str(c) for c in counts)))
    if len(hosts) != sum(counts):
        raise PlacementError(
            "%d hosts cannot fill a plan for %d voters (%s); list exactly %d hosts or plan for %d voters"
            % (len(hosts), sum(counts), ", ".join("%s: %d" % rc for rc in zip(rooms, counts)),
               sum(counts), len(hosts)))
    assignment = {}
    position = 0
    for room, count in zip(rooms, counts):
        for host in hosts[position:position + count]:
            assignment[host] = room
        position += count
    return assignment


def _sizes_with_plans(size, room_count):
    """Nearest odd sizes with a plan for ``room_count`` rooms: at most one below ``size``, two above."""
    below = [n for n in range(size - 1, 0, -1) if n % 2 and room_plans(n, room_count)][:1]
    above = [n for n in range(size + 1, size + _SUGGESTION_SPAN) if n % 2 and room_plans(n, room_count)][:2]
    return below + above


def _no_plan_message(size, room_count):
    message = ("%d servers cannot be spread over %d rooms so that any room may be lost"
               % (size, room_count))
    sizes = _sizes_with_plans(size, room_count)
    if sizes:
        message += "; use %s" % join_words(sizes, "or")
    return message


def _format_plan(rooms, counts):
    return ", ".join("%s: %d" % (room, count) for room, count in zip(rooms, counts))


def _normalise_hosts(hosts):
    """[(name, room or None)] from a list of {name, room} dicts (or bare names)."""
    if not isinstance(hosts, (list, tuple)):
        raise PlacementError("hosts must be a list of {name, room} entries, got %r" % (hosts,))
    result = []
    seen = set()
    for index, entry in enumerate(hosts):
        if isinstance(entry, dict):
            name = entry.get("name")
            room = entry.get("room")
        else:
            name, room = entry, None
        if not isinstance(name, str) or not name:
            raise PlacementError("hosts[%d] has no name; give every host a non-empty `name`" % index)
        if room is not None and (not isinstance(room, str) or not room):
            raise PlacementError("host '%s' has room %r; a room must be a non-empty string" % (name, room))
        if name in seen:
            raise PlacementError("host '%s' is listed twice in hosts; list every host once" % name)
        seen.add(name)
        result.append((name, room))
    return result


def _who(named):
    """'zk1, zk2, zk3: ' in front of a problem with a setting every host shares (empty without hosts)."""
    return "%s: " % ", ".join(name for name, _room in named) if named else ""


def _check_rooms(rooms, who=""):
    if not isinstance(rooms, (list, tuple)):
        raise PlacementError("%srooms (zookeeper_rooms) must be a list of room names, got %r" % (who, rooms))
    seen = []
    for room in rooms:
        if not isinstance(room, str) or not room:
            raise PlacementError("%srooms (zookeeper_rooms) holds %r; every room must be a non-empty name"
                                 % (who, room))
        if room in seen:
            raise PlacementError("%srooms (zookeeper_rooms) lists room '%s' twice (%s); list every room once: %s"
                                 % (who, room, ", ".join(rooms), ", ".join(_unique(rooms))))
        seen.append(room)
    return list(rooms)


def _unique(items):
    result = []
    for item in items:
        if item not in result:
            result.append(item)
    return result


def _room_list(rooms, named):
    """'a (zk1, zk2), b (zk3)' with the hosts of each room, or 'a, b' without hosts in any."""
    parts = []
    for room in rooms:
        hosts = [name for name, where in named if where == room]
        parts.append("%s (%s)" % (room, ", ".join(hosts)) if hosts else room)
    return join_words(parts)


def _check_primary(primary_room, rooms, named=()):
    who = _who(named)
    if primary_room is None:
        raise PlacementError(
            "%stwo rooms, %s, need primary_room (zookeeper_primary_room): no two-room layout survives the loss "
            "of either room, so set it to the more reliable room, %s, and that room gets the majority"
            % (who, _room_list(rooms, named), join_words(rooms, "or")))
    if primary_room not in rooms:
        raise PlacementError("%sprimary_room (zookeeper_primary_room) is '%s', not one of the rooms %s; set it "
                             "to %s" % (who, primary_room, _room_list(rooms, named), join_words(rooms, "or")))


def _layout_counts(named, rooms):
    counts = dict((room, 0) for room in rooms)
    strays = [(name, room) for name, room in named if room not in counts]
    if strays:
        raise PlacementError(
            "%s: room (zookeeper_room) %s, not one of the rooms (zookeeper_rooms) %s; set zookeeper_room to one "
            "of those rooms, or add %s to zookeeper_rooms"
            % (", ".join(name for name, _room in strays),
               join_words("is '%s'" % room if len(strays) == 1 else "%s is '%s'" % (name, room)
                          for name, room in strays),
               ", ".join(rooms), join_words(("'%s'" % r for r in _unique(room for _n, room in strays)), "and")))
    for _name, room in named:
        counts[room] += 1
    return [counts[room] for room in rooms]


def _closest(counts, plans):
    """The valid layout (the counts of a plan, in any room order) the fewest moves away from ``counts``.

    Ties go to the smaller spread, then to the earlier plan and order.
    """
    best, best_key = None, None
    for index, candidate in enumerate(plans):
        for order, layout in enumerate(_unique(itertools.permutations(candidate))):
            moves = sum(max(0, have - want) for have, want in zip(counts, layout))
            key = (moves, max(layout) - min(layout), index, order)
            if best_key is None or key < best_key:
                best, best_key = list(layout), key
    return best


def _moves(named, rooms, target):
    """[(host, from room, to room)] that turn the hosts' layout into ``target`` (counts in ``rooms`` order).

    The last hosts of a room that holds too many move, in order, to the rooms that hold too few.
    """
    spare = []
    for room, want in zip(rooms, target):
        spare.extend((name, room) for name in [n for n, where in named if where == room][want:])
    moves = []
    for room, want in zip(rooms, target):
        for _missing in range(want - len([n for n, where in named if where == room])):
            name, source = spare.pop(0)
            moves.append((name, source, room))
    return moves


def _move_text(moves):
    """'move zk3 from a to c (zookeeper_room: c)' for a list of moves."""
    return "move %s" % join_words("%s from %s to %s (zookeeper_room: %s)" % (name, source, room, room)
                                  for name, source, room in moves)


def _plans_for(size, rooms, primary_room):
    """The candidate plans (lists of counts in ``rooms`` order) for ``size`` voters."""
    if len(rooms) == 1:
        return [[size]]
    if len(rooms) == 2:
        primary, secondary = two_room_plan(size)
        if rooms[0] == primary_room:
            return [[primary, secondary]]
        return [[secondary, primary]]
    return [list(p) for p in room_plans(size, len(rooms))]


def _check_layout(size, rooms, counts, primary_room, plans, named):
    """Raise PlacementError when a given host layout does not do what its room count promises."""
    def hosts_in(room):
        return ", ".join(name for name, where in named if where == room)

    if len(rooms) == 2:
        primary = counts[rooms.index(primary_room)]
        if 2 * primary <= size:
            raise PlacementError(
                "primary room '%s' (zookeeper_primary_room) holds %d of %d voters (%s), not a majority; put %d "
                "voters there (%s): %s"
                % (primary_room, primary, size, hosts_in(primary_room) or "none", quorum_size(size),
                   _format_plan(rooms, plans[0]), _move_text(_moves(named, rooms, plans[0]))))
    elif len(rooms) >= 3:
        for room, count in zip(rooms, counts):
            if 2 * count >= size:
                if plans:
                    target = _closest(counts, plans)
                    fix = "for %d voters in %d rooms use %s: %s" % (
                        size, len(rooms), _format_plan(rooms, target), _move_text(_moves(named, rooms, target)))
                else:
                    fix = ("%s (add or remove voters, or make some observers with zookeeper_peer_type: observer)"
                           % _no_plan_message(size, len(rooms)))
                raise PlacementError(
                    "room '%s' (zookeeper_room) holds %d of %d voters (%s), half or more, so losing it stops the "
                    "ensemble; %s" % (room, count, size, hosts_in(room), fix))


def plan(size: Optional[int] = None, rooms: Optional[List[str]] = None, hosts: Optional[List[Any]] = None,
         primary_room: Optional[str] = None) -> Dict[str, Any]:
    """Plan or check the placement of ``size`` voters (or ``hosts``) over ``rooms``.

    Returns a dict with plans, plan, assignment, quorum_size, tolerated_failures,
    survives_room_loss, fatal_room_losses, rooms (room -> voters, hosts,
    survives, left_after_loss), summary (the lines an operator reads) and
    warnings. Raises PlacementError.
    """
    if size is None and hosts is None:
        raise PlacementError("give size (the number of voters) or hosts (a list of {name, room})")
    named = _normalise_hosts(hosts) if hosts is not None else []
    if size is None:
        size = len(named)
        if size == 0:
            raise PlacementError("hosts is empty; list the ensemble's voters or give size")
    _check_size(size)
    if hosts is not None and len(named) != size:
        raise PlacementError("size is %d but %d hosts are listed; drop size or list %d hosts"
                             % (size, len(named), size))

    with_room = [name for name, room in named if room is not None]
    without_room = [name for name, room in named if room is None]
    checking = bool(named) and not without_room
    if with_room and without_room:
        raise PlacementError(
            "%s: no room (zookeeper_room) while %s %s one; give every voter a zookeeper_room, or none (then "
            "they are assigned to the rooms of zookeeper_rooms)"
            % (", ".join(without_room), ", ".join(with_room), "has" if len(with_room) == 1 else "have"))

    if rooms is not None:
        rooms = _check_rooms(rooms, _who(named))
    elif checking:
        rooms = []
        for _name, room in named:
            if room not in rooms:
                rooms.append(room)
    if not rooms:
        raise PlacementError("%sno rooms: set rooms (zookeeper_rooms, a list of room names) or give every host a "
                             "room (zookeeper_room)" % _who(named))

    warnings = list(size_warnings(size))
    if checking:
        counts = _layout_counts(named, rooms)
    if len(rooms) == 2:
        _check_primary(primary_room, rooms, named)
    elif primary_room is not None:
        if primary_room not in rooms:
            raise PlacementError("%sprimary_room (zookeeper_primary_room) is '%s', not one of the rooms %s; set it "
                                 "to one of them or drop it"
                                 % (_who(named), primary_room, _room_list(rooms, named)))
        warnings.append("primary_room is only used with two rooms; ignored for %d room(s)" % len(rooms))

    plans = _plans_for(size, rooms, primary_room)
    if checking:
        chosen = counts
        _check_layout(size, rooms, chosen, primary_room, plans, named)
        assignment = dict(named)
    else:
        if not plans:
            raise PlacementError("%s%s (add or remove voters, or make some observers with zookeeper_peer_type: "
                                 "observer)" % (_who(named), _no_plan_message(size, len(rooms))))
        chosen = list(most_balanced(plans))
        assignment = assign_hosts([name for name, _room in named], rooms, chosen) if named else {}

    counts_by_room = dict(zip(rooms, chosen))
    survives = survives_room_loss(counts_by_room)
    fatal = [room for room in rooms if not survives[room]]
    if len(rooms) == 1:
        warnings.append(
            "all %d voters are in room '%s': losing that room stops the ensemble; "
            "spread the voters over three rooms to survive the loss of a room" % (size, rooms[0]))
    elif len(rooms) == 2:
        for room in fatal:
            survived = [r for r in rooms if survives[r]]
            sentence = ("losing room '%s' (%d of %d voters) stops the ensemble: no two-room layout "
                        "survives the loss of either room" % (room, counts_by_room[room], size))
            if survived:
                sentence += "; losing %s is survived" % join_words(("'%s'" % r for r in survived), "or")
            warnings.append(sentence)
    # Three or more rooms: every plan and every accepted layout survives any single room loss.

    room_table = dict(
        (room, {"voters": counts_by_room[room],
                "hosts": [host for host, where in assignment.items() if where == room],
                "survives": survives[room],
                "left_after_loss": size - counts_by_room[room]})
        for room in rooms)
    return {
        "plans": plans,
        "plan": chosen,
        "assignment": assignment,
        "quorum_size": quorum_size(size),
        "tolerated_failures": tolerated_failures(size),
        "survives_room_loss": survives,
        "fatal_room_losses": fatal,
        "rooms": room_table,
        "summary": summary(rooms, chosen, quorum_size(size), survives, fatal),
        "warnings": warnings,
    }


def summary(rooms: Sequence[str], counts: Sequence[int], quorum: int, survives: Dict[str, bool],
            fatal: Sequence[str]) -> List[str]:
    """The lines that tell an operator the room plan and what the loss of each room does.

    ``rooms`` and ``counts``: the rooms and their voters, in room order;
    ``quorum``: voters needed for a majority; ``survives``: room -> whether
    the rest keeps a quorum; ``fatal``: the rooms whose loss stops the ensemble.
    """
    lines = ["Room plan (voters per room): %s; quorum %d of %d"
             % (", ".join("%s=%d" % (room, count) for room, count in zip(rooms, counts)), quorum, sum(counts))]
    lines.extend("room %s lost -> %s" % (room, "quorum kept (survives)" if survives[room]
                                         else "QUORUM LOST (the ensemble stops)") for room in rooms)
    if fatal:
        lines.append("WARNING: losing room(s) %s stops the ensemble (no writes, no reads) until enough of its "
                     "servers are back" % ", ".join(fatal))
    return lines
