"""The families' online inquiry at /inquiry: a public part of the app, apart from the staff's.

Its own blueprint, templates, stylesheet and catalogs; no script on any page; no staff session is
read or set here (`web/security.py` skips it for this blueprint), so nothing of the staff app can
be reached with what a family's browser holds. See docs/inquiry.md.
"""
