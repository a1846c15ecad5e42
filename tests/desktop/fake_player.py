"""A fake MPRIS media player, served with jeepney on the session bus (run as a script).

It keeps a PlaybackStatus, obeys Play, Pause, PlayPause and Stop (or, with --ignore-pause,
takes Pause and goes on playing, as some players do), writes every method called on it to
--log, one line each, before answering, and has a SetStatus method on a test interface so a
test can play the person who presses play or stop meanwhile. It owns every --name given (one
player with several names), and prints "ready" once they are all owned.
"""

from __future__ import annotations

import argparse

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
TEST = "org.trainertui.Test"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", action="append", required=True, help="org.mpris.MediaPlayer2.NAME")
    parser.add_argument("--status", default="Playing", choices=["Playing", "Paused", "Stopped"])
    parser.add_argument("--ignore-pause", action="store_true")
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    status = args.status
    conn = open_dbus_connection("SESSION")
    for name in args.name:
        (result,) = conn.send_and_get_reply(message_bus.RequestName(f"org.mpris.MediaPlayer2.{name}", 4)).body
        assert result == 1, f"could not own {name}: {result}"
    with open(args.log, "a", buffering=1) as log:
        print("ready", flush=True)
        while True:
            message = conn.receive()
            if message.header.message_type != MessageType.method_call:
                continue
            fields = message.header.fields
            interface, member = fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
            log.write(" ".join([member, *map(str, message.body)]) + "\n")
            reply = new_method_return(message)
            if interface == PROPERTIES and member == "Get" and tuple(message.body) == (PLAYER, "PlaybackStatus"):
                reply = new_method_return(message, "v", (("s", status),))
            elif interface == PLAYER and member == "Pause":
                if status == "Playing" and not args.ignore_pause:
                    status = "Paused"
            elif interface == PLAYER and member == "Play":
                status = "Playing"
            elif interface == PLAYER and member == "PlayPause":
                status = "Paused" if status == "Playing" else "Playing"
            elif interface == PLAYER and member == "Stop":
                status = "Stopped"
            elif interface == TEST and member == "SetStatus":
                (status,) = message.body
            else:
                reply = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",))
            conn.send(reply)


if __name__ == "__main__":
    main()
