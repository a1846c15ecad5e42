"""Requests that screens send up to the App. Data goes down as constructor arguments; requests
come up as messages, so no screen or widget needs to know the App (docs/architecture.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from trainertui.model import Programme, Session


class StartSession(Message):
    """Start this session now (the menu's Enter, the command palette)."""

    def __init__(self, programme: Programme, session: Session) -> None:
        super().__init__()
        self.programme = programme
        self.session = session


class WorkoutMoved(Message):
    """The running workout changed step, paused or resumed, or ran another minute: the moments
    worth a checkpoint, so a crash or a closed terminal loses at most a minute."""


class ChooseEquipment(Message):
    """Do this programme's exercises with this equipment from now on (the menu's e key)."""

    def __init__(self, programme_id: str, equipment_id: str) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.equipment_id = equipment_id
