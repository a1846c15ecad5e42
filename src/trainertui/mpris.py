"""The desktop's media players over MPRIS, with blocking calls (music's worker, and doctor).

Players (Spotify, VLC, Rhythmbox, mpv with mpv-mpris, browsers) serve
``org.mpris.MediaPlayer2.Player`` at ``/org/mpris/MediaPlayer2`` under a bus name
``org.mpris.MediaPlayer2.*``. ``playerctld`` is left out: it is a proxy that forwards to the
player it thinks is active, which would then be paused twice (or toggled back). One player can
own several names (VLC: ``vlc`` and ``vlc.instance1234``), so players are told apart by their
unique bus name. Every round of calls is sent at once with one shared timeout, so a hung
player costs one timeout, not one per player.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from trainertui.desktop_bus import Bus, Call, CallError, bus_names, dbus_call, name_owners

PREFIX = "org.mpris.MediaPlayer2."
PLAYERCTLD = PREFIX + "playerctld"
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"


class MediaPlayer(Struct, frozen=True):
    """One player: its unique bus name, the first of its MPRIS names (without the prefix),
    and what it said it was doing ("Playing", "Paused", "Stopped"; "" if it did not answer)."""

    unique_name: str
    name: str
    status: str = ""


def find_players(bus: Bus, timeout_s: float) -> list[MediaPlayer]:
    """The players on the bus, one per unique name, playerctld left out, each with its status."""
    names = sorted(name for name in bus_names(bus) if name.startswith(PREFIX))
    owners = name_owners(bus, names)
    proxy = owners.get(PLAYERCTLD)
    players: dict[str, str] = {}
    for name in names:
        owner = owners.get(name)
        if owner is not None and owner != proxy and owner not in players:
            players[owner] = name.removeprefix(PREFIX)
    statuses = bus.call_many([status_call(unique) for unique in players], timeout_s)
    return [MediaPlayer(unique, name, status_of(status)) for (unique, name), status in zip(players.items(), statuses)]


def pause_playing(bus: Bus, timeout_s: float) -> tuple[MediaPlayer, ...]:
    """Send Pause to each player that says Playing (some take Pause as play/pause); the ones
    that answered it. A player that did not answer in time is not counted: it is not ours to play."""
    playing = [p for p in find_players(bus, timeout_s) if p.status == "Playing"]
    answers = bus.call_many([player_call(p.unique_name, "Pause") for p in playing], timeout_s)
    return tuple(p for p, answer in zip(playing, answers) if not isinstance(answer, CallError))


def play_if_paused(bus: Bus, players: Sequence[MediaPlayer], timeout_s: float) -> tuple[MediaPlayer, ...]:
    """Send Play to those of ``players`` that still say Paused; the ones that were sent it.

    Whether a player really paused is asked now, not right after the Pause: a player's status
    can lag its Pause by a moment. One that ignored Pause (still Playing), or that the person
    started or stopped meanwhile, is left alone; one that quit has gone with its unique name."""
    if not players:
        return ()
    statuses = bus.call_many([status_call(p.unique_name) for p in players], timeout_s)
    still_paused = [p for p, status in zip(players, statuses) if status_of(status) == "Paused"]
    bus.call_many([player_call(p.unique_name, "Play") for p in still_paused], timeout_s)
    return tuple(still_paused)


def player_call(unique_name: str, member: str) -> Call:
    return dbus_call(unique_name, PATH, PLAYER, member)


def status_call(unique_name: str) -> Call:
    return dbus_call(unique_name, PATH, PROPERTIES, "Get", "ss", PLAYER, "PlaybackStatus")


def status_of(answer: Sequence[object] | CallError) -> str:
    """ "Playing" from a Get reply, ``(("s", "Playing"),)``; "" for anything else."""
    if isinstance(answer, CallError) or not answer:
        return ""
    variant = answer[0]
    if isinstance(variant, tuple) and len(variant) == 2 and variant[0] == "s" and isinstance(variant[1], str):
        return variant[1]
    return ""
