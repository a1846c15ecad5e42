"""The inhibitors themselves, taken and given back with blocking D-Bus calls (keep_awake's worker).

- ``org.freedesktop.ScreenSaver.Inhibit`` on the session bus, which GNOME, KDE, Xfce, LXQt and
  others honour for the screen (blank, lock). The desktop ties the inhibitor to our bus
  connection and drops it when the connection goes, so the connection stays open while held,
  and a crash cannot leave it behind.
- logind's ``Inhibit("idle:sleep", ..., "block")`` on the system bus, which holds off
  suspending for idleness. logind ties it to a file descriptor it hands us: closing it
  releases, and so does the kernel when the process dies. It is made non-inheritable, so a
  program the app starts (espeak-ng) cannot keep it.
"""

from __future__ import annotations

import os
from typing import Any

from trainertui.desktop_bus import NOT_THERE, Bus, BusError, BusKind, CallError, dbus_call

SCREENSAVER = "org.freedesktop.ScreenSaver"
#: Where desktops serve it: the first is the spec's; KDE (and older GNOME proxies) also use /ScreenSaver.
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
LOGIND = "org.freedesktop.login1"
LOGIND_WHAT = "idle:sleep"
SERVED_ELSEWHERE = (".UnknownObject", ".UnknownMethod", ".UnknownInterface")


class Inhibitors:
    """What is held on the desktop right now, and the connections that hold it. One thread only."""

    def __init__(self, app_name: str, reason: str, timeout_s: float) -> None:
        self.app_name = app_name
        self.reason = reason
        self.timeout_s = timeout_s
        self._session: Bus | None = None
        self._system: Bus | None = None
        self._cookie: tuple[str, int] | None = None  # (object path, cookie)
        self._descriptor: Any = None  # logind's, a jeepney FileDescriptor

    @property
    def held(self) -> bool:
        return self._cookie is not None or self._descriptor is not None

    def take(self) -> str:
        """Take whichever inhibitor is not held yet; the status line (what works, or why not)."""
        problems = [
            problem
            for problem in (
                self._take_screensaver() if self._cookie is None else None,
                self._take_logind() if self._descriptor is None else None,
            )
            if problem
        ]
        works = [SCREENSAVER] if self._cookie is not None else []
        works += [f"logind {LOGIND_WHAT}"] if self._descriptor is not None else []
        if not works:
            return "keep-awake off: " + "; ".join(problems)
        return "keep-awake: " + " and ".join(works) + (f" ({'; '.join(problems)})" if problems else "")

    def give_back(self) -> None:
        cookie, self._cookie = self._cookie, None
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            descriptor.close()
        if cookie is None or self._session is None or self._session.closed:
            return  # with the connection gone, the desktop dropped what it held with it
        path, number = cookie
        try:
            (result,) = self._session.call_many([dbus_call(SCREENSAVER, path, SCREENSAVER, "UnInhibit", "u", number)])
        except BusError:
            return
        # An error means it no longer knows the cookie (it restarted): nothing is held. With no
        # answer, hanging up drops the inhibitor just as surely.
        if isinstance(result, CallError) and result.timed_out:
            self._session.close()

    def close(self) -> None:
        self.give_back()
        for bus in (self._session, self._system):
            if bus is not None:
                bus.close()
        self._session = self._system = None

    def _take_screensaver(self) -> str | None:
        """Take the ScreenSaver inhibitor; the reason it could not be had, if not."""
        try:
            bus = self._session = self._connected(self._session, "session")
        except BusError as error:
            return str(error)
        for path in SCREENSAVER_PATHS:
            call = dbus_call(SCREENSAVER, path, SCREENSAVER, "Inhibit", "ss", self.app_name, self.reason)
            try:
                (result,) = bus.call_many([call])
            except BusError as error:
                return str(error)
            if isinstance(result, CallError):
                if result.name.endswith(SERVED_ELSEWHERE):
                    continue  # try the other path
                if result.timed_out:
                    bus.close()  # so that a late grant is dropped with the connection
                    return f"no answer from {SCREENSAVER} in {self.timeout_s:g} s"
                if result.name in NOT_THERE:
                    return f"no {SCREENSAVER} on the session bus"
                return f"{SCREENSAVER} refused: {result}"
            self._cookie = (path, int(result[0]))
            return None
        return f"no {SCREENSAVER} on the session bus"

    def _take_logind(self) -> str | None:
        try:
            bus = self._system = self._connected(self._system, "system", enable_fds=True)
        except BusError as error:
            return f"logind: {error}"
        manager = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager")
        call = dbus_call(LOGIND, *manager, "Inhibit", "ssss", LOGIND_WHAT, self.app_name, self.reason, "block")
        try:
            (result,) = bus.call_many([call])
        except BusError as error:
            return f"logind: {error}"
        if isinstance(result, CallError):
            if result.timed_out:
                bus.close()  # a late descriptor would sit unread in the socket, holding it
                return f"logind: no answer in {self.timeout_s:g} s"
            if result.name in NOT_THERE:
                return "no logind on the system bus"
            return f"logind refused: {result}"
        descriptor = result[0]
        try:
            os.set_inheritable(descriptor.fileno(), False)  # received descriptors are inheritable
        except (OSError, AttributeError):
            pass
        self._descriptor = descriptor
        return None

    def _connected(self, bus: Bus | None, kind: BusKind, enable_fds: bool = False) -> Bus:
        if bus is not None and not bus.closed:
            return bus
        return Bus(kind, timeout_s=self.timeout_s, enable_fds=enable_fds)
