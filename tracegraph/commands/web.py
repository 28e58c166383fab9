"""`tracegraph serve` and `tracegraph users ...`: run the web app and manage its accounts."""

from __future__ import annotations

import click

from graphmodel.errors import TraceGraphError


class _UsersError(TraceGraphError):
    pass


def _connection():
    from graphmodel.config import load_settings
    from web import localstore
    return localstore.connect(load_settings().web_database)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per core of this machine).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Threads per process.")
def serve(host: str, port: int, processes: int | None, threads: int) -> None:
    """Serve the web app with gunicorn (a production WSGI server), one process per core.

    Users, sessions and the audit trail live in $TRACEGRAPH_HOME/web.sqlite3, or in the PostgreSQL
    database TRACEGRAPH_WEB_DATABASE_URL names (shared by several servers); create logins with
    `tracegraph users add`. Behind an https reverse proxy set TRACEGRAPH_WEB_PROXIES=1.

    \b
    Example:
      tracegraph serve --host 127.0.0.1 --port 8000
    """
    from graphmodel.config import load_settings, usable_cores
    from web import create_app, server
    settings = load_settings()
    workers = processes or usable_cores()
    click.echo(f"TraceGraph web app on http://{host}:{port}/ ({workers} processes of {threads} threads; "
               "Ctrl-C to stop)")
    server.serve(lambda: create_app(settings=settings), server.app_files(settings), host=host, port=port,
                 processes=workers, threads=threads)


@click.group()
def users() -> None:
    """Manage the web app's user accounts.

    \b
    Example:
      tracegraph users add amina --role investigator --agency ICRC --dna-cleared
    """


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["investigator", "analyst", "liaison", "admin"]))
@click.option("--agency", required=True, help="Agency code: the user sees records shared with this agency.")
@click.option("--dna-cleared", is_flag=True, help="May see DNA profiles and per-locus explanations.")
@click.option("--full-name", default="", help="The person's name, for the audit trail and the users page.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="TRACEGRAPH_NEW_USER_PASSWORD",
              help="Prompted for when not given (or TRACEGRAPH_NEW_USER_PASSWORD).")
def users_add(username: str, role: str, agency: str, dna_cleared: bool, full_name: str, password: str) -> None:
    """Add a user (the password is stored as an argon2id hash).

    \b
    Example:
      tracegraph users add amina --role investigator --agency ICRC --dna-cleared
    """
    from web import accounts
    db = _connection()
    try:
        user = accounts.add_user(db, username.lower(), password, role, agency, dna_cleared=dna_cleared,
                                 full_name=full_name)
    except accounts.AccountError as error:
        raise _UsersError(f"{error}.") from None
    finally:
        db.close()
    click.echo(f"Added {user.username} ({user.role}, {user.agency}{', DNA-cleared' if user.dna_cleared else ''}).")


@users.command("list")
def users_list() -> None:
    """List the users.

    \b
    Example:
      tracegraph users list
    """
    from web import accounts
    db = _connection()
    try:
        rows = accounts.list_users(db)
    finally:
        db.close()
    if not rows:
        click.echo("No users yet: add one with `tracegraph users add NAME --role admin --agency CODE`.")
    for u in rows:
        click.echo(f"{u.username}\t{u.role}\t{u.agency}\t{'dna' if u.dna_cleared else '-'}\t"
                   f"{'disabled' if u.disabled else 'active'}\t{u.last_login_at or 'never logged in'}")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Re-enable instead.")
def users_disable(username: str, enable: bool) -> None:
    """Disable a user (their sessions end at once), or re-enable them.

    \b
    Example:
      tracegraph users disable amina
    """
    from web import accounts
    db = _connection()
    try:
        accounts.set_disabled(db, username.lower(), not enable)
    except accounts.AccountError as error:
        raise _UsersError(f"{error}.") from None
    finally:
        db.close()
    click.echo(f"{'Enabled' if enable else 'Disabled'} {username}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["investigator", "analyst", "liaison", "admin"]))
@click.option("--dna-cleared/--no-dna-clearance", default=None, help="Also grant or withdraw DNA clearance.")
def users_set_role(username: str, role: str, dna_cleared: bool | None) -> None:
    """Change a user's role (and optionally DNA clearance); their sessions end.

    \b
    Example:
      tracegraph users set-role amina analyst --dna-cleared
    """
    from web import accounts
    db = _connection()
    try:
        accounts.set_role(db, username.lower(), role)
        if dna_cleared is not None:
            accounts.set_dna_clearance(db, username.lower(), dna_cleared)
    except accounts.AccountError as error:
        raise _UsersError(f"{error}.") from None
    finally:
        db.close()
    click.echo(f"{username} is now {role}.")


commands = [serve, users]
