"""How keep-awake, music and doctor reach D-Bus: short timeouts and one-line reasons.

Everything here blocks, up to a timeout, so it runs on a worker thread (worker.py), or on the
caller's when the caller is doctor. This module and jeepney are imported by the first job, in
the worker, never at start-up; a machine with no bus at all (SSH, a server, a container) costs
an environment lookup.

Connections stay open while they are useful: what a connection holds (a ScreenSaver inhibitor)
the desktop drops when the bus says the connection has gone, which is also what happens when
the process dies. When an inhibit call times out keep-awake closes its connection, so a late
answer (an inhibitor granted after we stopped waiting) is dropped with it instead of held forever.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from msgspec import Struct

BusKind = Literal["session", "system"]
SYSTEM_BUS_DEFAULT = "unix:path=/run/dbus/system_bus_socket"
#: Error names that mean "nobody by that name is on the bus" rather than "it said no".
NOT_THERE = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.UnknownObject",
        "org.freedesktop.DBus.Error.UnknownMethod",
        "org.freedesktop.DBus.Error.UnknownInterface",
    }
)


class BusError(Exception):
    """Something about the bus, in a few words a person can read (``str(error)``)."""


class NoBus(BusError):
    """There is no bus to talk to, or it stopped answering; the connection (if any) is closed."""


class CallError(Struct, frozen=True):
    """A call that failed: the D-Bus error's name and message, or ``timed_out``."""

    name: str
    message: str = ""
    timed_out: bool = False

    def __str__(self) -> str:
        return self.message or self.name


class Call(Struct, frozen=True):
    destination: str
    path: str
    interface: str
    member: str
    signature: str = ""
    body: tuple[Any, ...] = ()


def bus_address(kind: BusKind, environ: Mapping[str, str] | None = None) -> str:
    """Where the bus is, the way libdbus and sd-bus look for it; NoBus saying why not.

    The session bus falls back to ``$XDG_RUNTIME_DIR/bus`` (systemd's user bus), as libdbus
    does, for terminals started without the variable (a tmux server from before login)."""
    environ = os.environ if environ is None else environ
    if kind == "system":
        return environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS_DEFAULT
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={os.path.join(runtime, 'bus')}"
    raise NoBus("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")


class Bus:
    """One open connection to a bus. Blocking, with a timeout on every step: use it from a worker."""

    def __init__(self, kind: BusKind, *, timeout_s: float, enable_fds: bool = False) -> None:
        self.kind = kind
        self.timeout_s = timeout_s
        address = bus_address(kind)
        try:
            from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]

            self._conn: Any = open_dbus_connection(address, enable_fds=enable_fds, auth_timeout=timeout_s)
        except TimeoutError:
            raise NoBus(f"no answer from the {kind} bus at {address} in {timeout_s:g} s") from None
        except ImportError as error:
            raise NoBus(f"jeepney is not installed ({error})") from None
        except Exception as error:  # noqa: BLE001 - OSError, jeepney's AuthenticationError, a bad address
            raise NoBus(f"no {kind} bus at {address} ({_why(error)})") from None
        self.unique_name: str = self._conn.unique_name
        self.closed = False

    def call(self, call: Call, timeout_s: float | None = None) -> tuple[Any, ...]:
        """The reply's body; BusError if the call failed, NoBus if the bus went away."""
        (result,) = self.call_many([call], timeout_s)
        if isinstance(result, CallError):
            raise BusError(str(result))
        return result

    def call_many(self, calls: Sequence[Call], timeout_s: float | None = None) -> list[tuple[Any, ...] | CallError]:
        """Send every call at once and collect the replies until one shared deadline, so five
        players of which one hangs cost one timeout, not five. A call with no reply in time is
        a ``CallError`` with ``timed_out``; a caller for whom a late "yes" would be a problem
        closes the connection then (see the module's docstring)."""
        if self.closed:
            raise NoBus(f"the {self.kind} bus connection is closed")
        from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call  # type: ignore[import-untyped]

        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        results: list[tuple[Any, ...] | CallError] = [
            CallError("timeout", f"no answer in {timeout_s:g} s", timed_out=True) for _ in calls
        ]
        waiting: dict[int, int] = {}
        try:
            for index, c in enumerate(calls):
                address = DBusAddress(c.path, bus_name=c.destination, interface=c.interface)
                message = new_method_call(address, c.member, c.signature or None, c.body)
                serial = next(self._conn.outgoing_serial)
                self._conn.send(message, serial=serial)
                waiting[serial] = index
            deadline = time.monotonic() + timeout_s
            while waiting:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    reply = self._conn.receive(timeout=left)
                except TimeoutError:
                    break
                index_or_none = waiting.pop(reply.header.fields.get(HeaderFields.reply_serial, -1), None)
                if index_or_none is None:
                    _close_fds(reply.body)  # a signal, or a reply we stopped waiting for
                    continue
                if reply.header.message_type == MessageType.error:
                    name = reply.header.fields.get(HeaderFields.error_name, "error")
                    text = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
                    results[index_or_none] = CallError(name, text)
                else:
                    results[index_or_none] = tuple(reply.body)
        except (OSError, ValueError) as error:
            self.close()
            raise NoBus(f"lost the {self.kind} bus ({_why(error)})") from None
        return results

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self._conn.close()
            except OSError:
                pass


def _close_fds(body: Sequence[Any]) -> None:
    """File descriptors in a reply nobody will read (a late logind inhibitor) are closed now."""
    for item in body:
        if hasattr(item, "to_raw_fd") and hasattr(item, "close"):
            item.close()


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def dbus_call(destination: str, path: str, interface: str, member: str, signature: str = "", *body: Any) -> Call:
    return Call(destination, path, interface, member, signature, tuple(body))


def bus_names(bus: Bus) -> list[str]:
    (names,) = bus.call(dbus_call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames"))
    return list(names)


def name_owners(bus: Bus, names: Sequence[str]) -> dict[str, str]:
    """Each name's unique name (":1.42"); names that vanished meanwhile are left out."""
    calls = [
        dbus_call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s", n)
        for n in names
    ]
    owners = {}
    for name, result in zip(names, bus.call_many(calls)):
        if not isinstance(result, CallError):
            owners[name] = result[0]
    return owners
