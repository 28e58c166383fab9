"""The words the pages' scripts write (the canvas, the map, the workbench), looked up by key and
handed to them translated in each page (a JSON block `page-words` that `TG.words` reads), so a
script says what the template around it says, in the same language."""

from __future__ import annotations

from cases.i18n import N_, gettext

from .language import BAND_WORDS, KIND_WORDS

SCRIPT_WORDS = {
    "request_failed": N_("Request failed (%(status)s)"),
    "server_answered": N_("The server answered %(status)s."),
    # the canvas
    "no_candidate": N_("This report has no candidate identification to draw."),
    "loading_chains": N_("Loading link chains…"),
    "chains": N_("%(count)s chain(s) between the report and the candidate"),
    "counts": N_("%(nodes)s nodes, %(links)s links"),
    "all_relationships": N_("all relationships (%(count)s)"),
    "expanding": N_("Expanding…"),
    "shown_of": N_("shown %(shown)s of %(total)s: expand again for the next page"),
    "all_shown": N_("all %(total)s shown"),
    "added": N_("Added %(count)s node(s)"),
    "select_two": N_("Select exactly two nodes (shift-click or drag a box), then ask for paths."),
    "finding_paths": N_("Finding shortest paths…"),
    "paths": N_("%(count)s shortest path(s), highlighted"),
    "no_path": N_("No path of 6 links or fewer through records you may see."),
    "just_saved": N_("just saved"),
    "layout_saved": N_("Layout saved (%(count)s nodes)."),
    "layout_opened": N_("Opened layout “%(name)s”"),
    "no_longer_visible": N_("%(count)s node(s) no longer visible to you"),
    "node_keys": N_("Enter shows it, E expands it"),
    "no_svg": N_("SVG export is not available."),
    # the map
    "departure": N_("departure"), "last_seen": N_("last seen"), "sighting": N_("sighting"),
    "incident": N_("incident"), "recovery": N_("recovery"), "burial": N_("burial"),
    "family_account": N_("The family's account"), "the_voyage": N_("The voyage"),
    "approximate": N_("approximate: the centre of %(town)s"), "the_town": N_("the town"),
    # the workbench
    "query_refused": N_("The query was refused."),
    "unreachable": N_("The server could not be reached."),
    "running": N_("Running…"),
    "cancelling": N_("Cancelling…"),
    "not_cancelled": N_("The query could not be cancelled."),
    "rows_in": N_("%(rows)s row(s) in %(ms)s ms."),
    "rows_cut": N_("%(rows)s row(s) in %(ms)s ms, cut at %(cap)s rows."),
    "previous": N_("Previous"),
    "next": N_("Next"),
    "shared_by": N_("shared by %(owner)s"),
    "saved_as": N_("Saved as %(name)s."),
}


def script_words() -> dict[str, str]:
    """Every script word in the page's language, with the record kinds (`kind.<Label>`) and the
    candidate bands (`band.<band>`) the canvas names."""
    words = {key: gettext(text) for key, text in SCRIPT_WORDS.items()}
    words.update({f"kind.{label}": gettext(text) for label, text in KIND_WORDS.items()})
    words.update({f"band.{band}": gettext(text) for band, text in BAND_WORDS.items()})
    return words
