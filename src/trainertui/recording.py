"""Between a running workout and the history: what is written, and what a checkpoint brings back.

Pure conversions, so the rules are tested without a screen or a database: a finished or
stopped workout becomes an Entry; a running one becomes a Checkpoint; a checkpoint becomes
either a Resume (carry on) or a partial Entry (the person declined).
"""

from __future__ import annotations

from datetime import UTC, datetime

from trainertui.history import Checkpoint, Entry
from trainertui.model import Programme, Session
from trainertui.workout import Resume, Summary, Workout

#: A workout stopped this soon, with no step done, is a false start (the wrong session
#: picked), not a workout to record.
MIN_RECORDED_S = 10.0


def _utc(wall: float) -> datetime:
    return datetime.fromtimestamp(wall, UTC)


def worth_recording(summary: Summary) -> bool:
    return summary.completed or summary.steps_done > 0 or summary.active_s >= MIN_RECORDED_S


def entry_from_summary(programme: Programme, session: Session, summary: Summary) -> Entry:
    return Entry(
        programme_id=programme.id,
        programme_name=programme.name,
        session_id=session.id,
        session_title=session.title,
        started=_utc(summary.started_wall),
        ended=_utc(summary.ended_wall),
        planned_s=summary.planned_s,
        active_s=summary.active_s,
        steps_done=summary.steps_done,
        steps_skipped=summary.steps_skipped,
        steps_total=summary.programme_steps,
        completed=summary.completed,
    )


def checkpoint_from_workout(programme: Programme, workout: Workout) -> Checkpoint:
    status, summary = workout.status(), workout.summary()
    session = workout.timeline.session
    return Checkpoint(
        programme_id=programme.id,
        programme_name=programme.name,
        session_id=session.id,
        session_title=session.title,
        started=_utc(summary.started_wall),
        updated=_utc(workout.clock.wall()),
        step_index=status.index,
        step_elapsed_s=status.step_elapsed_s,
        position_s=status.position_s,
        active_s=status.active_s,
        planned_s=summary.planned_s,
        steps_done=summary.steps_done,
        steps_skipped=summary.steps_skipped,
        steps_total=summary.programme_steps,
    )


def entry_from_checkpoint(checkpoint: Checkpoint) -> Entry:
    """An interrupted workout that will not be resumed: partial, ended when last seen."""
    return Entry(
        programme_id=checkpoint.programme_id,
        programme_name=checkpoint.programme_name,
        session_id=checkpoint.session_id,
        session_title=checkpoint.session_title,
        started=checkpoint.started,
        ended=checkpoint.updated,
        planned_s=checkpoint.planned_s,
        active_s=checkpoint.active_s,
        steps_done=checkpoint.steps_done,
        steps_skipped=checkpoint.steps_skipped,
        steps_total=checkpoint.steps_total,
        completed=False,
    )


def resume_from_checkpoint(checkpoint: Checkpoint) -> Resume:
    return Resume(
        step=checkpoint.step_index,
        into_s=checkpoint.step_elapsed_s,
        active_s=checkpoint.active_s,
        started_wall=checkpoint.started.timestamp(),
        steps_done=checkpoint.steps_done,
        steps_skipped=checkpoint.steps_skipped,
    )
