"""`debate serve`: the room's web server, for the phones, the projector, the
judges and the chair."""

from __future__ import annotations

import click

from debate.cli.invocation import open_store, resolve_db_path
from debate.cli.options import CONTEXT_SETTINGS, SESSION_ID, db_option
from debate.output import messages

LOCAL = "127.0.0.1"
ROOM = "0.0.0.0"  # every interface: the room's network
KEEP_ALIVE_S = 75


@click.command("serve", context_settings=CONTEXT_SETTINGS)
@click.argument("session_id", metavar="S", type=SESSION_ID)
@click.option("--host", help=f"The address to listen on. Default: {LOCAL}, this machine only.")
@click.option("--room", is_flag=True, help=f"Listen on the local network too ({ROOM}).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--anonymous",
    is_flag=True,
    help="Phones join with no name: polls and votes are one per device and carry none.",
)
@click.option(
    "--new-links",
    is_flag=True,
    help="Make the chair's and the judges' links anew: the old ones stop working.",
)
@db_option
def serve(
    session_id: int,
    host: str | None,
    room: bool,
    port: int,
    anonymous: bool,
    new_links: bool,
    db_path: str | None,
) -> None:
    """Serve session S to the room: phones join at the address printed (its QR code
    too), the projector shows /screen, the judges and the chair use their private
    links. Everything follows the session live, whatever terminal steps it. Ctrl-C
    stops it."""
    from debate.app import room as room_links

    if host is not None and room:
        raise click.UsageError("give --host or --room, not both")
    listen = host if host is not None else (ROOM if room else LOCAL)
    if not listen.strip() or any(c.isspace() for c in listen):
        raise click.BadParameter(f"{listen!r} is not an address", param_hint="--host")
    address = resolve_db_path(db_path)
    with open_store(db_path, writes=True) as store:
        opened = room_links.open_room(store, session_id, new_links=new_links, anonymous=anonymous)
    import uvicorn

    from debate.web.server import make_app

    shown = {LOCAL: "localhost", ROOM: _room_address()}.get(listen, listen)
    base = f"http://{shown}:{port}"
    join = f"{base}/?code={opened.code}"
    click.echo(join)  # the join address on stdout; its QR code, for the room, on stderr
    click.echo(_qr(join), nl=False, err=True)
    messages.room_links(base, opened)
    messages.message("Serving the room; Ctrl-C stops.")
    uvicorn.run(
        make_app(str(address), session_id, anonymous=anonymous),
        host=listen,
        port=port,
        log_level="warning",
        lifespan="on",
        server_header=False,
        # A phone idle between two taps keeps its connection: closed after uvicorn's
        # default 5 s, a tap that raced the close was lost.
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    messages.message("Stopped.")


def _room_address() -> str:
    """This machine's address on the room's network: the one its route out would
    leave from (a UDP socket connected, which sends nothing), else its name."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
    except OSError:
        return socket.gethostname()


def _qr(url: str) -> str:
    """The address as a QR code drawn in text, for the room to scan."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


COMMANDS = [serve]
