"""`tracegraph demo`: local Neo4j, demo data and the web app in one command."""

from __future__ import annotations

import click

commands: list[click.Command] = []
