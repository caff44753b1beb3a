# -*- coding: utf-8 -*-
# Copyright: (c) 2026, zkops.ensemble contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Room-aware placement of ZooKeeper voters.

Three or more rooms: every layout (voters per room, each room at least one
voter) whose rooms may each be lost with a quorum left is a candidate; the
chosen one keeps the most voters to spare after the worst room loss, then has
the smallest spread (largest room minus smallest), then comes first when the
counts, largest first, are compared room by room (smaller first). The source
document's three-room algorithm (N1 = (N-1)//2; N2 in 1..(N-N1)//2;
N3 = N-N1-N2 with N3 < N1+N2, generalised to K rooms by room_plans()) is kept
as the list of source plans, unchanged: every plan it lists leaves a bare
quorum after losing its largest room. Two rooms: no layout survives the loss
of either room, so the primary room gets the majority, the fatal loss is said
plainly and a third site holding a single voter is advised. Majority and
hierarchical quorum arithmetic comes from _quorum.py.

Pure functions, stdlib only, importable without AnsibleModule.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import heapq
import itertools
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ansible_collections.zkops.ensemble.plugins.module_utils._quorum import (
    MAX_SERVER_ID,
    has_quorum,
    hierarchical_quorum_groups,
    hierarchical_room_loss_spare,
    hierarchical_spare,
    quorum_size,
    size_warnings,
    spare_voters,
    tolerated_failures,
)
from ansible_collections.zkops.ensemble.plugins.module_utils._text import join_words

# How far above a size without a plan to look for sizes that have one.
_SUGGESTION_SPAN = 64

# At most this many layouts (and source plans) are listed, the best (the source's first) first; the
# *_total keys count them all.
LIST_LIMIT = 20

MAJORITY = "majority"
HIERARCHICAL = "hierarchical"


class PlacementError(ValueError):
    """A placement that cannot work; the message says why and what would."""


def _check_size(size, name="size"):
    if isinstance(size, bool) or not isinstance(size, int):
        raise PlacementError("%s must be a whole number of voters, got %r" % (name, size))
    if size < 1:
        raise PlacementError("%s must be at least 1 voter, got %d" % (name, size))
    if size > MAX_SERVER_ID:
        raise PlacementError("%s is %d voters, but ZooKeeper server ids go from 1 to %d, so an ensemble has at most "
                             "%d servers; use at most %d voters" % (name, size, MAX_SERVER_ID, MAX_SERVER_ID,
                                                                    MAX_SERVER_ID))
    return size


def _check_room_count(room_count):
    if isinstance(room_count, bool) or not isinstance(room_count, int) or room_count < 3:
        raise PlacementError(
            "room_plans() needs 3 or more rooms, got %r; use two_room_plan() for two rooms"
            % (room_count,))
    return room_count


def _check_rule(rule):
    if rule not in (MAJORITY, HIERARCHICAL):
        raise PlacementError("the quorum rule must be %s or %s, got %r" % (MAJORITY, HIERARCHICAL, rule))
    return rule


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


def count_partitions(total: int, parts: int, low: int, high: int) -> int:
    """How many multisets of ``parts`` counts in low..high add up to ``total`` (without listing them).

    The partitions of total - parts*low into at most ``parts`` parts of at most high - low: the
    coefficient of q**n in the Gaussian binomial [parts + high - low, parts], computed as the product of
    (1 - q**(high-low+i)) / (1 - q**i) for i in 1..parts, truncated at degree n.
    """
    if parts <= 0:
        return 1 if parts == 0 and total == 0 else 0
    rest, width = total - parts * low, high - low
    if rest < 0 or width < 0 or rest > parts * width:
        return 0
    coefficients = [1] + [0] * rest
    for i in range(1, parts + 1):
        for degree in range(rest, width + i - 1, -1):
            coefficients[degree] -= coefficients[degree - width - i]
        for degree in range(i, rest + 1):
            coefficients[degree] += coefficients[degree - i]
    return coefficients[rest]


def room_plans(size: int, room_count: int, limit: Optional[int] = None) -> List[Tuple[int, ...]]:
    """The source algorithm's layouts of ``size`` voters over ``room_count`` (>= 3) rooms.

    The first room gets N1 = (size-1)//2; the others get at least one voter
    each, in non-decreasing order; no room holds half or more of the voters.
    Plans are tuples of counts, ordered lexicographically; at most ``limit`` of them (the first ones)
    when ``limit`` is given (source_plan_count() counts them all). Every plan survives the loss of any one
    room, with no voter to spare after losing the first.
    """
    _check_size(size)
    _check_room_count(room_count)
    largest = (size - 1) // 2  # the largest count c with 2*c < size
    first = largest
    if first < 1:
        return []
    plans = ((first,) + rest for rest in _non_decreasing(size - first, room_count - 1, 1, largest))
    return list(itertools.islice(plans, limit) if limit is not None else plans)


def source_plan_count(size: int, room_count: int) -> int:
    """len(room_plans(size, room_count)), without listing them."""
    _check_size(size)
    _check_room_count(room_count)
    first = (size - 1) // 2
    return count_partitions(size - first, room_count - 1, 1, first) if first >= 1 else 0


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
    """room -> True when the voters outside that room still form a (majority) quorum."""
    total = sum(counts_by_room.values())
    _check_size(total, "the total number of voters")
    return dict((room, has_quorum(total, total - count)) for room, count in counts_by_room.items())


# ---------------------------------------------------------------- what a room loss leaves

def room_loss_spares(counts: Sequence[int], rule: str = MAJORITY,
                     weights: Optional[Sequence[Sequence[int]]] = None) -> List[int]:
    """Per room, the voters to spare after losing it: spare_voters() (majority) or hierarchical_spare().

    ``counts``: voters per room. ``weights``: per room, its voters' weights (hierarchical only; default 1
    each). 0 = exactly a quorum left; negative = that loss stops the ensemble.
    """
    _check_rule(rule)
    total = _check_size(sum(counts), "the total number of voters")
    if rule == MAJORITY:
        return [spare_voters(total, total - count) for count in counts]
    if weights is None:
        return [hierarchical_room_loss_spare(counts, index) for index in range(len(counts))]
    if not any(sum(group) for group in weights):
        raise PlacementError("every voter has weight 0, so with hierarchical quorums no set of servers is ever a "
                             "quorum; give the voters weight 1 (the default) or more")
    return [hierarchical_spare(weights, [[] if index == lost else group for index, group in enumerate(weights)])
            for lost in range(len(weights))]


def layout_spare(counts: Sequence[int], rule: str = MAJORITY) -> int:
    """Voters to spare after the worst room loss (each voter of weight 1)."""
    return min(room_loss_spares(counts, rule))


def _layout_key(counts, rule):
    """The order of choice: the most spare after the worst room loss, the smallest spread, then the counts
    (largest first) compared room by room, smaller first."""
    ordered = tuple(sorted(counts, reverse=True))
    return (-layout_spare(ordered, rule), ordered[0] - ordered[-1], ordered)


def _layout_entry(counts, rule):
    spares = room_loss_spares(counts, rule)
    return {"counts": list(counts),
            "spare_after_room_loss": min(spares),
            "spread": max(counts) - min(counts),
            "left_after_loss": [sum(counts) - count for count in counts]}


# ---------------------------------------------------------------- the best layouts, without listing them all
# Layouts are multisets of counts, written largest first. A best-first search over their prefixes (the
# largest counts first) pops complete layouts in the order of choice: a prefix's key holds the most spare
# and the smallest spread any of its completions can have, and the prefix itself, which sorts before each
# of its completions. So only the few layouts asked for, and the prefixes that might lead to them, are
# ever built, whatever the number of layouts (about 10**9 for 255 voters in 9 rooms).

def _groups_to_break(room_count):
    """Hierarchical, one group per room, every room holding voters: after one room is lost, how many of the
    other groups must lose their majority for the quorum to go."""
    return room_count - hierarchical_quorum_groups([[1]] * room_count)


def _break_votes(count):
    """Voters of weight 1 to stop before a group of ``count`` voters loses its majority: ceil(count/2)."""
    return count - quorum_size(count) + 1


def _most_odd(parts, low, high, total):
    """Most odd counts among ``parts`` counts in low..high adding up to ``total``; None when none add up."""
    if parts == 0:
        return 0 if total == 0 else None
    if not parts * low <= total <= parts * high:
        return None
    odd_low, odd_high = low | 1, high if high % 2 else high - 1
    even_low, even_high = low + low % 2, high - high % 2
    for odd in range(parts, -1, -1):
        even = parts - odd
        if (odd - total) % 2 or (odd and odd_low > odd_high) or (even and even_low > even_high):
            continue
        if (odd * odd_low + even * even_low) <= total <= (odd * odd_high + even * even_high):
            return odd
    return None


def _most_break_votes(parts, high, total):
    """The largest sum of _break_votes() over ``parts`` counts in 1..high adding up to ``total``.

    ceil(c/2) summed is (total + number of odd counts) / 2.
    """
    odd = _most_odd(parts, 1, high, total)
    return None if odd is None else (total + odd) // 2


def _best_smallest(parts, total, high, smallest):
    """The largest sum of _break_votes() over the ``smallest`` least of ``parts`` counts in 1..high adding up
    to ``total`` (parts >= smallest >= 1).

    With t the largest of those least counts: the others above it lie in t..high, the ones below in 1..t;
    more voters below never lowers the sum, so they take as many as the rest leaves them.
    """
    above = parts - smallest
    best = None
    for top in range(1, min(high, (total - smallest + 1) // (above + 1)) + 1):
        below_high = min((smallest - 1) * top, total - top - above * top)
        below_low = max(smallest - 1, total - top - above * high)
        if below_high < below_low:
            continue
        value = _break_votes(top) + _most_break_votes(smallest - 1, top, below_high)
        if best is None or value > best:
            best = value
    return best


def _best_layouts(size, room_count, rule, limit):
    """The first ``limit`` layouts (tuples, largest count first) of ``size`` voters over ``room_count`` >= 3
    rooms in the order of choice, each room at least one voter and every room's loss survived."""
    quorum = quorum_size(size)
    smallest = _groups_to_break(room_count) if rule == HIERARCHICAL else 0

    def bound(prefix, left):
        """(-most spare, least spread, prefix) of any layout starting with ``prefix``; None if none survives."""
        parts, high = room_count - len(prefix), prefix[-1]
        spread = prefix[0] - (min(high, left // parts) if parts else high)
        if rule == MAJORITY:
            spare = size - prefix[0] - quorum
        elif parts >= smallest:
            spare = _best_smallest(parts, left, high, smallest) - 1
        else:
            fixed = sum(_break_votes(count) for count in prefix[len(prefix) - (smallest - parts):])
            spare = fixed + (_most_break_votes(parts, high, left) if parts else 0) - 1
        return None if spare < 0 else (-spare, spread, prefix)

    heap = []

    def push_children(prefix, left):
        parts = room_count - len(prefix)
        high = min(prefix[-1] if prefix else left, left - (parts - 1))
        for count in range(-(-left // parts), high + 1):
            key = bound(prefix + (count,), left - count)
            if key is not None:
                heapq.heappush(heap, key + (left - count,))

    push_children((), size)
    found = []
    while heap and len(found) < limit:
        _spare, _spread, prefix, left = heapq.heappop(heap)
        if len(prefix) == room_count:
            found.append(prefix)
        else:
            push_children(prefix, left)
    return found


def _has_layout(size, room_count, rule):
    """Whether ``size`` voters fit ``room_count`` >= 3 rooms, at least one each, every room loss survived."""
    if room_count > size:
        return False
    return rule == HIERARCHICAL or room_count * ((size - 1) // 2) >= size


def layout_count(size: int, room_count: int, rule: str = MAJORITY) -> int:
    """How many layouts (multisets of counts, at least one voter per room) survive any one room loss."""
    _check_size(size)
    _check_room_count(room_count)
    _check_rule(rule)
    if not _has_layout(size, room_count, rule):
        return 0
    return count_partitions(size, room_count, 1, size if rule == HIERARCHICAL else (size - 1) // 2)


def best_layouts(size: int, room_count: int, rule: str = MAJORITY, limit: int = LIST_LIMIT) -> List[Tuple[int, ...]]:
    """The ``limit`` best layouts of ``size`` voters over ``room_count`` (>= 3) rooms, best first.

    Each is a tuple of counts, largest first; each room holds at least one voter and may be lost with a
    quorum left. Order: the most voters to spare after the worst room loss, then the smallest spread, then the
    counts compared room by room (smaller first). Each voter has weight 1.
    """
    _check_size(size)
    _check_room_count(room_count)
    _check_rule(rule)
    if not _has_layout(size, room_count, rule):
        return []
    return _best_layouts(size, room_count, rule, limit)


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


def _format_plan(rooms, counts):
    return ", ".join("%s: %d" % (room, count) for room, count in zip(rooms, counts))


def _host_weights(hosts):
    """host name -> weight (1 when not given) from the {name, room, weight} entries of ``hosts``."""
    weights = {}
    for entry in hosts:
        if not isinstance(entry, dict):
            continue
        weight = entry.get("weight")
        if weight is None:
            weight = 1
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
            raise PlacementError("host '%s' has weight %r; a weight (zookeeper_weight) must be a whole number, 1 "
                                 "(the default) or more (0: the vote never counts)" % (entry.get("name"), weight))
        weights[entry.get("name")] = weight
    return weights


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


def _sizes_with_plans(size, room_count, rule=MAJORITY):
    """Nearest odd sizes with a layout for ``room_count`` rooms: at most one below ``size``, two above."""
    below = [n for n in range(size - 1, 0, -1) if n % 2 and _has_layout(n, room_count, rule)][:1]
    above = [n for n in range(size + 1, min(size + _SUGGESTION_SPAN, MAX_SERVER_ID + 1))
             if n % 2 and _has_layout(n, room_count, rule)][:2]
    return below + above


def _no_plan_message(size, room_count, rule=MAJORITY):
    message = ("%d servers cannot be spread over %d rooms so that any room may be lost"
               % (size, room_count))
    sizes = _sizes_with_plans(size, room_count, rule)
    if sizes:
        message += "; use %s" % join_words(sizes, "or")
    return message


def _closest(counts: Sequence[int], rule: str = MAJORITY) -> Optional[List[int]]:
    """The layout (counts in the rooms' order) that survives any room loss the fewest moves away from
    ``counts``; None when there is none.

    Majority: the rooms holding half or more keep the most they may, (N-1)//2, and their extra voters go,
    one at a time, to the room with the fewest voters (the earlier room on ties): the fewest moves, and
    of those the smallest spread. Hierarchical (voters of weight 1): voters must be in three rooms at least;
    a voter of the room with the most moves to each empty room (the earlier room on ties) until they are.
    """
    target = list(counts)
    size = sum(target)
    if rule == HIERARCHICAL:
        while len(target) >= 3 and len([count for count in target if count]) < 3:
            donor = max(range(len(target)), key=lambda index: (target[index], -index))
            if target[donor] < 2:
                return None
            target[donor] -= 1
            target[target.index(0)] += 1
        return target if len(target) >= 3 else None
    most = (size - 1) // 2
    if len(target) * most < size:
        return None
    target = [min(count, most) for count in target]
    for _extra in range(size - sum(target)):
        target[min(range(len(target)), key=lambda index: (target[index], index))] += 1
    return target


def _towards(counts, layout):
    """``layout`` (a multiset of counts) placed on the rooms so that the fewest voters move from ``counts``.

    Both sorted largest first (the earlier room on ties) and paired: min(have, want) summed is largest so.
    """
    order = sorted(range(len(counts)), key=lambda index: (-counts[index], index))
    target = [0] * len(counts)
    for index, want in zip(order, sorted(layout, reverse=True)):
        target[index] = want
    return target


def _two_room_advice(size, rooms):
    """A third site holding a single voter survives the loss of either main room: 7 voters as 3+3+1."""
    voters = max(size + 1 - size % 2, 3)
    half = (voters - 1) // 2
    return ("a third site holding a single voter survives the loss of either main room: %d voters as %s=%d, %s=%d "
            "and 1 voter in a third room (zookeeper_rooms)" % (voters, rooms[0], half, rooms[1], half))


def _candidates(size, rooms, primary_room, rule):
    """([layout counts in room order], how many there are in all): the valid layouts, best first."""
    if len(rooms) == 1:
        return [[size]], 1
    if len(rooms) == 2:
        primary, secondary = two_room_plan(size)
        return ([[primary, secondary]] if rooms[0] == primary_room else [[secondary, primary]]), 1
    layouts = best_layouts(size, len(rooms), rule, LIST_LIMIT)
    return [list(layout) for layout in layouts], layout_count(size, len(rooms), rule)


def _source(size, rooms, primary_room):
    """([the source algorithm's plans in room order], how many there are in all)."""
    if len(rooms) <= 2:
        return _candidates(size, rooms, primary_room, MAJORITY)
    return ([list(p) for p in room_plans(size, len(rooms), LIST_LIMIT)], source_plan_count(size, len(rooms)))


def _check_layout(size, rooms, counts, primary_room, named, rule):
    """Raise PlacementError when a given host layout does not do what its room count promises."""
    def hosts_in(room):
        return ", ".join(name for name, where in named if where == room)

    if len(rooms) == 2:
        primary_plan = _candidates(size, rooms, primary_room, rule)[0][0]
        primary = counts[rooms.index(primary_room)]
        if 2 * primary <= size:
            raise PlacementError(
                "primary room '%s' (zookeeper_primary_room) holds %d of %d voters (%s), not a majority; put %d "
                "voters there (%s): %s"
                % (primary_room, primary, size, hosts_in(primary_room) or "none", quorum_size(size),
                   _format_plan(rooms, primary_plan), _move_text(_moves(named, rooms, primary_plan))))
        return
    if len(rooms) < 3:
        return
    spares = room_loss_spares(counts, rule)
    for room, count, spare in zip(rooms, counts, spares):
        if spare >= 0:
            continue
        target = _closest(counts, rule)
        if target is not None:
            fix = "for %d voters in %d rooms use %s: %s" % (
                size, len(rooms), _format_plan(rooms, target), _move_text(_moves(named, rooms, target)))
        else:
            fix = ("%s (add or remove voters, or make some observers with zookeeper_peer_type: observer)"
                   % _no_plan_message(size, len(rooms), rule))
        if rule == MAJORITY:
            raise PlacementError(
                "room '%s' (zookeeper_room) holds %d of %d voters (%s), half or more, so losing it stops the "
                "ensemble; %s" % (room, count, size, hosts_in(room), fix))
        groups = len([c for c in counts if c])
        raise PlacementError(
            "room '%s' (zookeeper_room) holds %d of %d voters (%s), and with hierarchical quorums "
            "(zookeeper_hierarchical_quorum, one group per room) a quorum needs %d of the %d rooms that hold "
            "voters, so losing it stops the ensemble; put voters in three rooms or more: %s"
            % (room, count, size, hosts_in(room), quorum_size(groups), groups, fix))


def _better(counts, named, rooms, best, rule):
    """The better layout than ``counts`` (the best one, placed the fewest moves away), or None."""
    # Better: more spare, or the same spare and a smaller spread (the order of choice without its tie-break).
    if best is None or _layout_key(best, rule)[:2] >= _layout_key(counts, rule)[:2]:
        return None
    target = _towards(counts, best)
    moves = _moves(named, rooms, target)
    entry = _layout_entry(target, rule)
    entry["moves"] = [{"host": name, "from": source, "to": room} for name, source, room in moves]
    return entry


def _refuse_too_many(size, named):
    if size > MAX_SERVER_ID:
        who = ("%d hosts are voters (%s ... %s): " % (size, named[0][0], named[-1][0])) if named else ""
        raise PlacementError(
            "%s%d voters cannot be planned: ZooKeeper server ids (zookeeper_id, myid) go from 1 to %d, so an "
            "ensemble has at most %d servers, voters and observers together; use at most %d voters (size, or the "
            "hosts of the zookeeper group)" % (who, size, MAX_SERVER_ID, MAX_SERVER_ID, MAX_SERVER_ID))


def plan(size: Optional[int] = None, rooms: Optional[List[str]] = None, hosts: Optional[List[Any]] = None,
         primary_room: Optional[str] = None, hierarchical_quorum: bool = False) -> Dict[str, Any]:
    """Plan or check the placement of ``size`` voters (or ``hosts``) over ``rooms``.

    Returns a dict with layouts, layouts_total, plans (the layouts' counts), source_plans,
    source_plans_total, plan, assignment, quorum_rule, quorum_size, tolerated_failures,
    spare_after_room_loss, survives_room_loss, fatal_room_losses, rooms (room -> voters, hosts, survives,
    left_after_loss, spare_after_room_loss), better_layout, summary (the lines an operator reads) and
    warnings. ``hierarchical_quorum``: room losses follow ZooKeeper's hierarchical rule, one group per room
    (the hosts' ``weight``, 1 by default). Raises PlacementError.
    """
    if size is None and hosts is None:
        raise PlacementError("give size (the number of voters) or hosts (a list of {name, room})")
    named = _normalise_hosts(hosts) if hosts is not None else []
    weights = _host_weights(hosts) if hosts is not None else {}
    rule = HIERARCHICAL if hierarchical_quorum else MAJORITY
    if size is None:
        size = len(named)
        if size == 0:
            raise PlacementError("hosts is empty; list the ensemble's voters or give size")
    if not isinstance(size, bool) and isinstance(size, int):
        _refuse_too_many(size, named)
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

    layouts, layouts_total = _candidates(size, rooms, primary_room, rule)
    source_plans, source_total = _source(size, rooms, primary_room)
    if checking:
        chosen = counts
        _check_layout(size, rooms, chosen, primary_room, named, rule)
        assignment = dict(named)
    else:
        if not layouts:
            raise PlacementError("%s%s (add or remove voters, or make some observers with zookeeper_peer_type: "
                                 "observer)" % (_who(named), _no_plan_message(size, len(rooms), rule)))
        chosen = list(layouts[0])
        assignment = assign_hosts([name for name, _room in named], rooms, chosen) if named else {}

    # What each room's loss leaves: voters, and under hierarchical quorums the hosts' weights too.
    room_weights = None
    if rule == HIERARCHICAL and named and any(weight != 1 for weight in weights.values()):
        room_weights = [[weights[host] for host, where in assignment.items() if where == room] for room in rooms]
        if not any(sum(group) for group in room_weights):
            warnings.append("every voter has weight 0 (zookeeper_weight), so no set of servers is ever a "
                            "hierarchical quorum; the room losses are worked out as if each had weight 1")
            room_weights = None
    spares = room_loss_spares(chosen, rule, room_weights)
    survives = dict((room, spare >= 0) for room, spare in zip(rooms, spares))
    fatal = [room for room in rooms if not survives[room]]
    better = None
    if checking and len(rooms) >= 3 and room_weights is None:
        better = _better(chosen, named, rooms, layouts[0] if layouts else None, rule)

    if len(rooms) == 1:
        warnings.append(
            "all %d voters are in room '%s': losing that room stops the ensemble; "
            "spread the voters over three rooms to survive the loss of a room" % (size, rooms[0]))
    elif len(rooms) == 2:
        for room in fatal:
            survived = [r for r in rooms if survives[r]]
            sentence = ("losing room '%s' (%d of %d voters) stops the ensemble: no two-room layout "
                        "survives the loss of either room" % (room, chosen[rooms.index(room)], size))
            if survived:
                sentence += "; losing %s is survived" % join_words(("'%s'" % r for r in survived), "or")
            warnings.append(sentence + "; " + _two_room_advice(size, rooms))
    # Three or more rooms: every plan and every accepted layout survives any single room loss (weights of 0
    # aside, which the role's preflight refuses).

    room_table = dict(
        (room, {"voters": count,
                "hosts": [host for host, where in assignment.items() if where == room],
                "survives": survives[room],
                "left_after_loss": size - count,
                "spare_after_room_loss": spare})
        for room, count, spare in zip(rooms, chosen, spares))
    notes = _notes(size, rooms, chosen, min(spares), checking, layouts_total, source_plans, source_total, better,
                   room_weights is not None)
    return {
        "layouts": [_layout_entry(layout, rule) for layout in layouts],
        "layouts_total": layouts_total,
        "plans": layouts,
        "source_plans": source_plans,
        "source_plans_total": source_total,
        "plan": chosen,
        "assignment": assignment,
        "quorum_rule": rule,
        "quorum_size": quorum_size(size),
        "tolerated_failures": tolerated_failures(size),
        "spare_after_room_loss": min(spares),
        "survives_room_loss": survives,
        "fatal_room_losses": fatal,
        "rooms": room_table,
        "better_layout": better,
        "summary": summary(rooms, chosen, quorum_size(size), survives, fatal, spares=spares, notes=notes,
                           hierarchical=rule == HIERARCHICAL),
        "warnings": warnings,
    }


def _counts_text(counts):
    return "/".join(str(count) for count in counts)


def _notes(size, rooms, chosen, spare, checking, layouts_total, source_plans, source_total, better, weighted):
    """The summary's closing lines: the spare, the choice or the better layout, the source's plans, advice."""
    if len(rooms) == 2:
        return ["Advice: " + _two_room_advice(size, rooms)]
    if len(rooms) < 3:
        return []
    if better is not None:
        if better["spare_after_room_loss"] > spare:
            why = "keeps %d spare after the worst room loss (this one %d)" % (better["spare_after_room_loss"], spare)
        else:
            why = ("keeps the same %d spare after the worst room loss with a smaller spread (%d, this one %d)"
                   % (spare, better["spread"], max(chosen) - min(chosen)))
        lines = ["Spare after the worst room loss: %d; a better layout exists" % spare,
                 "Better layout: %s %s: %s" % (", ".join("%s=%d" % pair for pair in zip(rooms, better["counts"])),
                                               why, _move_text((m["host"], m["from"], m["to"])
                                                               for m in better["moves"]))]
    elif checking and weighted:
        lines = ["Spare after the worst room loss: %d (with the voters' weights; the better layouts are only searched "
                 "with every weight 1)" % spare]
    elif checking:
        lines = ["Spare after the worst room loss: %d (no layout of %d voters over %d rooms keeps more)"
                 % (spare, size, len(rooms))]
    else:
        lines = ["Spare after the worst room loss: %d (the most spare, then the smallest spread, of %d valid "
                 "layout%s)" % (spare, layouts_total, "" if layouts_total == 1 else "s")]
    more = source_total - len(source_plans)
    listed = ", ".join(_counts_text(counts) for counts in source_plans) or "none"
    lines.append("Source algorithm's plans: %s%s" % (listed, " and %d more" % more if more else ""))
    return lines


def summary(rooms: Sequence[str], counts: Sequence[int], quorum: int, survives: Dict[str, bool],
            fatal: Sequence[str], spares: Optional[Sequence[int]] = None, notes: Sequence[str] = (),
            hierarchical: bool = False) -> List[str]:
    """The lines that tell an operator the room plan and what the loss of each room does.

    ``rooms`` and ``counts``: the rooms and their voters, in room order;
    ``quorum``: voters needed for a majority; ``survives``: room -> whether
    the rest keeps a quorum; ``fatal``: the rooms whose loss stops the ensemble;
    ``spares``: per room, the voters to spare after its loss (negative: short of a quorum);
    ``notes``: closing lines; ``hierarchical``: the quorum follows ZooKeeper's hierarchical rule.
    """
    total = sum(counts)
    layout = ", ".join("%s=%d" % (room, count) for room, count in zip(rooms, counts))
    if hierarchical:
        groups = len([count for count in counts if count])
        lines = ["Room plan (voters per room): %s; hierarchical quorum: %d of %d groups (one per room), each by a "
                 "majority of its weight" % (layout, quorum_size(groups), groups)]
    else:
        lines = ["Room plan (voters per room): %s; quorum %d of %d" % (layout, quorum, total)]
    for index, room in enumerate(rooms):
        line = "room %s lost -> %s" % (room, "quorum kept (survives)" if survives[room]
                                       else "QUORUM LOST (the ensemble stops)")
        if spares is not None:
            left = total - counts[index]
            line += "; %d voter%s left, %s" % (left, "" if left == 1 else "s",
                                               "%d spare" % spares[index] if spares[index] >= 0
                                               else "%d short of a quorum" % -spares[index])
        lines.append(line)
    if fatal:
        lines.append("WARNING: losing room(s) %s stops the ensemble (no writes, no reads) until enough of its "
                     "servers are back" % ", ".join(fatal))
    lines.extend(notes)
    return lines
