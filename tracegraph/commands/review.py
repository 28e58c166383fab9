"""`tracegraph review`: review decisions from the command line, under the same rules as the web app.

The person deciding logs in with their web account (user name and password, checked against
`$TRACEGRAPH_HOME/web.sqlite3`), so the four-eyes rule holds here as on the case page: the
account that proposed a confirmation cannot confirm it. Every decision and refusal goes to the
same audit trail.
"""

from __future__ import annotations

import uuid

import click

from graphmodel.errors import TraceGraphError


class ReviewError(TraceGraphError):
    pass


def _login(username: str, password: str):
    from graphmodel.config import load_settings
    from web import accounts, localstore
    settings = load_settings()
    connection = localstore.connect(settings.web_database)
    user = accounts.authenticate(connection, username, password)
    if user is None:
        from web import auditlog
        auditlog.record(connection, username=username, role="-", agency="-", action="login_failed",
                        target="", detail="tracegraph review", ip="cli")
        connection.close()
        raise ReviewError(f"user {username!r} could not be logged in: wrong password, unknown, locked or disabled")
    if not user.can("review"):
        connection.close()
        raise ReviewError(f"{username} is {user.role}; reviewing candidates needs an investigator or analyst")
    return user, connection, settings


@click.group()
def review() -> None:
    """Review candidate identifications: the same moves and four-eyes rule as the case page.

    \b
    Example:
      tracegraph review decide 'ICRC:R-17->MORGUE:B-3' --to confirmation_proposed --user amina \\
        --reason "DNA LR 10^9 and the tattoo"
    """


@review.command("decide")
@click.argument("candidate_uid")
@click.option("--to", "to_status", required=True,
              type=click.Choice(["under_review", "proposed", "confirmation_proposed", "confirmed", "excluded"]),
              help="The new review status.")
@click.option("--reason", required=True, help="Why; recorded with your name and the time.")
@click.option("--user", "username", required=True, help="Your web account's user name.")
@click.option("--password", prompt=True, hide_input=True, envvar="TRACEGRAPH_REVIEW_PASSWORD",
              help="Prompted for when not given (or TRACEGRAPH_REVIEW_PASSWORD).")
def decide(candidate_uid: str, to_status: str, reason: str, username: str, password: str) -> None:
    """Record one decision on a candidate, as the user given (their password is asked for).

    Confirming needs a pending proposal by someone else: one person proposes
    (`--to confirmation_proposed`), a second one confirms (`--to confirmed`).

    \b
    Example:
      tracegraph review decide 'ICRC:R-17->MORGUE:B-3' --to confirmed --user bilal --reason "agree"
    """
    from graphmodel.store import Store
    from identify import review as rules
    from web import auditlog
    from web.config import confirmation_policy

    user, connection, settings = _login(username, password)
    reviewer = rules.Reviewer(user.username, user.role, user.agency)

    def log(action: str, detail: str) -> None:
        auditlog.record(connection, username=user.username, role=user.role, agency=user.agency, action=action,
                        target=f"Candidate|{candidate_uid}", detail=detail, ip="cli")

    try:
        try:
            with Store(settings) as store:
                outcome, candidate = rules.decide(store, candidate_uid, to_status, reviewer, reason,
                                                  uuid.uuid4().hex, confirmation_policy(settings))
        except rules.ReviewRefused as refused:
            log("review_refused", f"-> {to_status}: {refused}")
            raise ReviewError(str(refused)) from None
        if outcome.recorded:
            log("review", f"{candidate['review_status'] or 'proposed'} -> {to_status}: {reason.strip()}")
    finally:
        connection.close()
    click.echo(outcome.message)


commands = [review]
