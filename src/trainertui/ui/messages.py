"""Requests that screens send up to the App. Data goes down as constructor arguments; requests
come up as messages, so no screen or widget needs to know the App (docs/architecture.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from trainertui.history import CheckIn
    from trainertui.model import Programme, Session


class StartSession(Message):
    """Start this session now (the menu's Enter, the command palette)."""

    def __init__(self, programme: Programme, session: Session) -> None:
        super().__init__()
        self.programme = programme
        self.session = session


class WorkoutMoved(Message):
    """The running workout changed step, paused or resumed, or ran another minute: the moments
    worth a checkpoint, so a crash or a closed terminal loses at most a minute, and the ones
    the desktop follows (keep awake while ``running``; music may pause while ``resting``)."""

    def __init__(self, running: bool, resting: bool) -> None:
        super().__init__()
        self.running = running
        self.resting = resting


class CyclePauseMusic(Message):
    """Change when music makes way: off, then for spoken cues, then for rests (the u key)."""


class ChangeMetronome(Message):
    """The stride metronome of this programme is on (or off) from now on (the workout's c key)."""

    def __init__(self, programme_id: str, on: bool) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.on = on


class ChooseEquipment(Message):
    """Do this programme's exercises with this equipment from now on (the menu's e key)."""

    def __init__(self, programme_id: str, equipment_id: str) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.equipment_id = equipment_id


class AnswerAdvice(Message):
    """The answer to the menu's "repeat it before moving on?" about one workout: "repeat" or
    "go on" (kept on that workout, so it is not asked again)."""

    def __init__(self, record_id: int, answer: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.answer = answer


class ChangeCheckIn(Message):
    """Give a past workout this check-in (an empty one clears it): the history's row view."""

    def __init__(self, record_id: int, checkin: CheckIn) -> None:
        super().__init__()
        self.record_id = record_id
        self.checkin = checkin


class DeleteWorkout(Message):
    """Delete a past workout; the person has confirmed it."""

    def __init__(self, record_id: int) -> None:
        super().__init__()
        self.record_id = record_id
