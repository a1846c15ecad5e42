"""python-dbusmock template: logind's Inhibit, with the file descriptor it really hands out.

dbusmock's own logind template watches the descriptor with GLib, which would need PyGObject;
this one asks the kernel instead: an inhibitor lasts while someone holds the write end of its
pipe, and ListInhibitors drops those whose every write end is closed (POLLHUP on the read end),
as logind does. So when ListInhibitors is empty, the holder's descriptor really is closed.
"""

import os
import select

import dbus
import dbus.service

BUS_NAME = "org.freedesktop.login1"
MAIN_OBJ = "/org/freedesktop/login1"
MAIN_IFACE = "org.freedesktop.login1.Manager"
SYSTEM_BUS = True


def load(mock, parameters):
    mock.inhibitors = []  # (what, who, why, mode, read end)


@dbus.service.method(MAIN_IFACE, in_signature="ssss", out_signature="h")
def Inhibit(self, what, who, why, mode):
    read_end, write_end = os.pipe()
    self.inhibitors.append((what, who, why, mode, read_end))
    handed_out = dbus.types.UnixFd(write_end)  # a duplicate travels in the reply
    os.close(write_end)
    return handed_out


@dbus.service.method(MAIN_IFACE, in_signature="", out_signature="a(ssssuu)")
def ListInhibitors(self):
    alive = []
    for inhibitor in self.inhibitors:
        poller = select.poll()
        poller.register(inhibitor[4], select.POLLHUP)
        if poller.poll(0):
            os.close(inhibitor[4])
        else:
            alive.append(inhibitor)
    self.inhibitors = alive
    return [(what, who, why, mode, os.getuid(), 0) for what, who, why, mode, _ in alive]
