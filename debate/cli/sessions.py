"""Commands of seminar debates: formats, sessions and their clock, polls, ballots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from debate.cli.invocation import Invocation, reads_store, writes_store
from debate.cli.options import (
    CONTEXT_SETTINGS,
    NODE_ID,
    SEED,
    SESSION_ID,
    force_option,
    json_option,
    output_option,
)
from debate.cli.output import echo_document, emit, emit_json, json_output, render, write_output
from debate.output import messages

if TYPE_CHECKING:
    from debate.app.sessions import SessionView, Stepped
    from debate.models import StepKind

at_option = click.option(
    "--at",
    metavar="TIME",
    help="When it happened: ISO 8601 (2026-12-02T19:00:00+01:00), or +MM:SS from the "
    "session's start. Default: now.",
)


def _names(text: str, what: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(","))
    if not text.strip() or any(not n for n in names):
        raise click.UsageError(f"{what}: expected NAME,NAME,… with no empty name")
    return names


def _sides(values: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for value in values:
        side, colon, names = value.partition(":")
        if not colon or not side.strip():
            raise click.UsageError(f"--side {value[:40]!r}: expected SIDE:NAME,NAME")
        out.append((side.strip(), _names(names, f"--side {side.strip()}")))
    return tuple(out)


def _speech_sides(value: str | None) -> tuple[str, ...] | None:
    return _names(value, "--speech-sides") if value is not None else None


speech_sides_option = click.option(
    "--speech-sides",
    metavar="SIDE,SIDE,…",
    help="For a DebateKeeper file: the side of each speech in order (OG,OO,OG,OO,CG,CO,CG,CO).",
)


# -- formats ----------------------------------------------------------------------------


@click.group("format", context_settings=CONTEXT_SETTINGS)
def format_group() -> None:
    """Debate formats: the built-in ones, and files (TOML, or DebateKeeper XML)."""


@format_group.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
def format_list(as_json: bool) -> None:
    """List the built-in formats."""
    from debate.core.seminar.catalogue import BUILT_IN

    formats = list(BUILT_IN.values())
    emit(
        as_json,
        lambda: [json_output.debate_format(f) for f in formats],
        lambda: render.formats_list(formats),
    )


@format_group.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("name", metavar="NAME|FILE")
@speech_sides_option
@json_option
def format_show(name: str, speech_sides: str | None, as_json: bool) -> None:
    """Show a format's speeches: names, sides, speakers, lengths, POI windows, bells."""
    from debate.app import sessions

    fmt = sessions.load_format(name, _speech_sides(speech_sides))
    emit(as_json, lambda: json_output.debate_format(fmt), lambda: render.format_table(fmt))


# -- sessions ---------------------------------------------------------------------------


@click.group("session", context_settings=CONTEXT_SETTINGS)
def session_group() -> None:
    """Seminar sessions: a timed debate on a thesis, by a format's rules."""


def _show(view: SessionView, as_json: bool) -> None:
    emit(as_json, lambda: json_output.session(view), lambda: render.session_view(view))


@session_group.command("new", context_settings=CONTEXT_SETTINGS)
@click.argument("thesis", metavar="THESIS", type=NODE_ID)
@click.option(
    "--format",
    "fmt",
    required=True,
    metavar="NAME|FILE",
    help="oxford, bp, ld, karl-popper, or a .toml or DebateKeeper .xml file.",
)
@click.option(
    "--side",
    "sides",
    multiple=True,
    metavar="SIDE:NAME,…",
    help="A side and its speakers in order, as for:ana,ben (repeat per side).",
)
@click.option(
    "--team",
    "teams",
    multiple=True,
    metavar="TEAM:NAME,…",
    help="The same, for formats of teams (BP): OG:ana,ben.",
)
@click.option("--chair", metavar="NAME", help="Who chairs.")
@click.option("--judge", "judges", multiple=True, metavar="NAME", help="A judge (repeatable).")
@click.option(
    "--audience",
    "audience",
    multiple=True,
    metavar="NAME,…",
    help="The audience who may vote in the polls (default: anyone who does not speak).",
)
@click.option(
    "--draw", is_flag=True, help="Draw the speakers given into sides and places at random."
)
@click.option("--seed", type=SEED, help="The draw's seed, to repeat a draw.")
@click.option(
    "--motion", metavar="TEXT", help="The motion as read out, when it differs from the thesis."
)
@speech_sides_option
@json_option
@writes_store
def session_new(
    call: Invocation,
    thesis: int,
    fmt: str,
    sides: tuple[str, ...],
    teams: tuple[str, ...],
    chair: str | None,
    judges: tuple[str, ...],
    audience: tuple[str, ...],
    draw: bool,
    seed: int | None,
    motion: str | None,
    speech_sides: str | None,
    as_json: bool,
) -> None:
    """Make a session on THESIS in a format, with its speakers, chair, judges and audience."""
    from debate.app import sessions

    given = sessions.NewSession(
        thesis,
        fmt,
        _sides(sides + teams),
        chair,
        judges,
        tuple(n for a in audience for n in _names(a, "--audience")),
        draw,
        seed,
        motion,
        _speech_sides(speech_sides),
    )
    view = sessions.new_session(call.store, call.actor, given)
    drawn = f", speakers drawn with seed {view.record.draw_seed}" if draw else ""
    messages.message(
        f"Made session {view.id} on #{thesis} ({view.format.name}{drawn}); "
        f"`debate session start {view.id}` begins the first speech.",
        "green",
    )
    _show(view, as_json)


@session_group.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@reads_store
def session_list(call: Invocation, as_json: bool) -> None:
    """List the sessions with their state."""
    from debate.app import sessions

    views = sessions.sessions(call.store)
    emit(as_json, lambda: json_output.session_list(views), lambda: render.session_list(views))


@session_group.command("links", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--new", is_flag=True, help="Make them anew: the old links stop working.")
@click.option(
    "--base",
    metavar="URL",
    default="http://localhost:8000",
    show_default=True,
    help="The room server's address, as `debate serve` prints it.",
)
@json_option
@writes_store
def session_links(call: Invocation, session_id: int, new: bool, base: str, as_json: bool) -> None:
    """The private links of session S's room (`debate serve`): the chair's, which
    steps the clock, and each judge's, for their ballot. They are made on first use."""
    from debate.app import room

    opened = room.open_room(call.store, session_id, new_links=new)
    base = base.rstrip("/")
    emit(
        as_json,
        lambda: json_output.room_links(session_id, base, opened),
        lambda: render.room_links(base, opened),
    )


@session_group.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--at", metavar="TIME", help="Count the times to this moment (default: now).")
@json_option
@reads_store
def session_show(call: Invocation, session_id: int, at: str | None, as_json: bool) -> None:
    """Where session S stands: state, who speaks now and next, the times so far."""
    from debate.app import sessions

    _show(sessions.view(call.store, session_id, at), as_json)


def _stepped(result: Stepped, as_json: bool) -> None:
    messages.session_stepped(result)
    if as_json:
        emit_json(json_output.session(result.view))


def _step_command(kind: StepKind, summary: str) -> click.Command:
    @click.command(kind, context_settings=CONTEXT_SETTINGS, help=summary)
    @click.argument("session_id", metavar="S", type=SESSION_ID)
    @at_option
    @json_option
    @writes_store
    def command(call: Invocation, session_id: int, at: str | None, as_json: bool) -> None:
        from debate.app import sessions

        result = sessions.step(call.store, call.actor, session_id, kind, at)
        _stepped(result, as_json)

    return command


STEPS: tuple[tuple[StepKind, str], ...] = (
    ("start", "Start session S: its first speech begins."),
    ("next", "End the speech under way and begin the next."),
    ("pause", "Stop the clock of the speech under way."),
    ("resume", "Start the paused clock again."),
    ("end", "End the speech under way and the session."),
)
for _kind, _summary in STEPS:
    session_group.add_command(_step_command(_kind, _summary))


@session_group.command("poi", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--by", "by", required=True, metavar="NAME", help="Who offered it.")
@click.option(
    "--accepted/--declined",
    "accepted",
    default=None,
    help="Whether the speaker took it (default: offered only).",
)
@at_option
@json_option
@writes_store
def session_poi(
    call: Invocation,
    session_id: int,
    by: str,
    accepted: bool | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Record a point of information offered in the speech under way. Outside the
    format's window (in protected time) it is refused."""
    from debate.app import sessions

    result = sessions.step(call.store, call.actor, session_id, "poi", at, by=by, accepted=accepted)
    _stepped(result, as_json)


@session_group.command("prep", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.argument("action", type=click.Choice(["start", "stop"]))
@click.option("--side", metavar="SIDE", help="Whose prep time (formats with a bank per side).")
@at_option
@json_option
@writes_store
def session_prep(
    call: Invocation,
    session_id: int,
    action: str,
    side: str | None,
    at: str | None,
    as_json: bool,
) -> None:
    """Start or stop preparation time: before the debate (BP), or from a side's bank
    between speeches (LD, Karl Popper; starting it ends the speech under way)."""
    from debate.app import sessions

    kind: StepKind = "prep start" if action == "start" else "prep stop"
    result = sessions.step(call.store, call.actor, session_id, kind, at, side=side)
    _stepped(result, as_json)


@session_group.command("run", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--take-over", is_flag=True, help="Take the session over from another live screen.")
@writes_store
def session_run(call: Invocation, session_id: int, take_over: bool) -> None:
    """The live screen for the projector: speaker, a large countdown with the bells,
    the POI window, overtime, what comes next and the prep banks. Keys: space next,
    p pause/resume, o POI offered, a POI accepted, e end, q quit (run it again to
    resume). Every key has a plain command too (session next, poi, …)."""
    import sys
    import time

    from debate.cli.live import LiveLoop, terminal_keys
    from debate.errors import UsageError
    from debate.output.human.sessions import LiveDisplay

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "session run needs a terminal; without one, step the session with "
            "`debate session start|next|pause|resume|end S`"
        )
    with terminal_keys() as keys, LiveDisplay() as display:
        loop = LiveLoop(
            call.store,
            call.actor,
            session_id,
            clock=time.time,
            keys=keys,
            show=display.show,
            ring=display.ring,
            take_over=take_over,
        )
        why = loop.run()
    messages.message(f"Session {session_id}: {why}.")


@session_group.command("result", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@json_option
@reads_store
def session_result(call: Invocation, session_id: int, as_json: bool) -> None:
    """Both polls with the swing, the ballots, and the decision under the format's rule."""
    from debate.app import sessions

    result = sessions.result(call.store, session_id)
    emit(
        as_json,
        lambda: json_output.session_result(result),
        lambda: render.session_result(result),
    )


# -- polls and ballots ------------------------------------------------------------------


@click.command("poll", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.argument("phase", type=click.Choice(["pre", "post"]))
@click.option("--for", "answer", flag_value="for", help="For the motion (BP: government).")
@click.option("--against", "answer", flag_value="against", help="Against the motion.")
@click.option("--undecided", "answer", flag_value="undecided", help="Undecided.")
@click.option(
    "--count",
    "counts",
    metavar="for=N,against=N,undecided=N",
    help="A show of hands: the room's counts instead of one person's answer.",
)
@json_option
@writes_store
def poll(
    call: Invocation,
    session_id: int,
    phase: str,
    answer: str | None,
    counts: str | None,
    as_json: bool,
) -> None:
    """The audience poll before (pre) or after (post) the debate: one answer as --as
    (a new one replaces the old), or the room's counts."""
    from debate.app import sessions

    parsed = sessions.parse_counts(counts) if counts is not None else None
    sessions.poll(call.store, call.actor, session_id, phase, answer, parsed)
    result = sessions.result(call.store, session_id)
    messages.polled(result, phase, call.actor if answer else None)
    if as_json:
        emit_json(json_output.session_result(result))


@click.command("ballot", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--winner", metavar="SIDE", help="The side that won (formats of two sides).")
@click.option("--rank", metavar="TEAM,TEAM,…", help="The teams, first place first (BP).")
@click.option(
    "--points",
    multiple=True,
    metavar="SPEAKER=SCORE",
    help="A speaker's points, in the format's range (repeatable).",
)
@click.option("--reason", metavar="TEXT", help="Why: the judge's reason for decision.")
@json_option
@writes_store
def ballot(
    call: Invocation,
    session_id: int,
    winner: str | None,
    rank: str | None,
    points: tuple[str, ...],
    reason: str | None,
    as_json: bool,
) -> None:
    """One judge's ballot (the judge is --as); voting again replaces it."""
    from debate.app import sessions

    sessions.ballot(
        call.store,
        call.actor,
        session_id,
        winner=winner,
        ranking=list(_names(rank, "--rank")) if rank is not None else None,
        points=sessions.parse_points(points),
        reason=reason,
    )
    result = sessions.result(call.store, session_id)
    messages.message(
        f"Recorded {call.actor}'s ballot for session {session_id}: {result.decision_text()}.",
        "green",
    )
    if as_json:
        emit_json(json_output.session_result(result))


@click.command("transcript", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@output_option
@force_option
@json_option
@reads_store
def transcript(
    call: Invocation, session_id: int, output: Path | None, force: bool, as_json: bool
) -> None:
    """The session's transcript in Markdown, to hand out: who spoke when and for how
    long, the POIs, what each speech added to the tree, polls, ballots, the decision,
    the thesis's strength speech by speech and the tree at the end."""
    from debate.app import sessions
    from debate.core.files import transcript as markdown

    data = sessions.transcript(call.store, session_id)
    if as_json:
        text = json_output.dumps(json_output.transcript(data), indent=2) + "\n"
    else:
        text = markdown.render(data)
    if output is not None:
        write_output(output, text, force=force, store=call.store.path)
        messages.message(f"Wrote {output}.", "green")
    else:
        echo_document(text, is_json=as_json)


COMMANDS = [format_group, session_group, poll, ballot, transcript]
