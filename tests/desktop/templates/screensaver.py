"""python-dbusmock template: org.freedesktop.ScreenSaver as desktops implement it.

Like gnome-settings-daemon's screensaver proxy and KDE's PowerDevil, it remembers which bus
connection asked for each inhibitor and forgets the inhibitors of a connection that goes away
(NameOwnerChanged for its unique name). ListInhibitors on the mock interface lets a test see
what is held, and by whom.
"""

import dbus
import dbus.service
from dbusmock import MOCK_IFACE

BUS_NAME = "org.freedesktop.ScreenSaver"
MAIN_OBJ = "/org/freedesktop/ScreenSaver"
MAIN_IFACE = "org.freedesktop.ScreenSaver"
SYSTEM_BUS = False


def load(mock, parameters):
    mock.inhibitors = {}  # cookie -> (sender, application, reason)
    mock.next_cookie = 1

    def owner_changed(name, old_owner, new_owner):
        if name.startswith(":") and not new_owner:
            for cookie in [c for c, (sender, _, _) in mock.inhibitors.items() if sender == name]:
                del mock.inhibitors[cookie]

    mock.connection.add_signal_receiver(
        owner_changed,
        signal_name="NameOwnerChanged",
        dbus_interface="org.freedesktop.DBus",
        path="/org/freedesktop/DBus",
    )


@dbus.service.method(MAIN_IFACE, in_signature="ss", out_signature="u", sender_keyword="sender")
def Inhibit(self, application, reason, sender=None):
    cookie = self.next_cookie
    self.next_cookie += 1
    self.inhibitors[cookie] = (sender, application, reason)
    return dbus.UInt32(cookie)


@dbus.service.method(MAIN_IFACE, in_signature="u", out_signature="", sender_keyword="sender")
def UnInhibit(self, cookie, sender=None):
    held = self.inhibitors.get(cookie)
    if held is None or held[0] != sender:
        raise dbus.exceptions.DBusException("no such inhibitor", name="org.freedesktop.ScreenSaver.Error.NotFound")
    del self.inhibitors[cookie]


@dbus.service.method(MOCK_IFACE, in_signature="", out_signature="a(usss)")
def ListInhibitors(self):
    return [(cookie, sender, app, reason) for cookie, (sender, app, reason) in sorted(self.inhibitors.items())]
