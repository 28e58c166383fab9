"""Synthetic scenarios: realistic deliveries of fictional missing persons, in the interchange
formats, with truth.json saying which records belong to whom (see docs/generator.md)."""

from scenarios.scenario import GenerationSummary, generate_scenario

__all__ = ["GenerationSummary", "generate_scenario"]
