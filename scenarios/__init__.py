"""Synthetic scenarios: realistic deliveries of fictional missing persons in the interchange
formats, the truth.json that says which records belong to whom, and the evaluation of a match run
against it (see docs/generator.md).

- `scenario.py` runs a scenario one unit (a boat, a group on a land route) at a time; `world.py`
  holds the data banks (`data/*.yaml`) and the run's sources of chance (`chance.py`);
- `people.py`, `pedigree.py`, `name_bank.py`, `descriptions.py`, `genotypes.py`, `samples.py`:
  the missing persons, their families, names, descriptions and DNA;
- `geography.py`, `journeys.py`: routes, places, voyages and fates;
- `reporting.py`, `sightings.py`, `remains.py`: the records families, registers and morgues make;
- `cell_values.py`, `delivery.py`: how values are written into the six files, whose columns are
  the loader's own; `truth.py`: truth.json, written and read back;
- `evaluation.py`: recall and false strong candidates of a match run, measured against the truth.
"""

from scenarios.scenario import GenerationSummary, generate_scenario

__all__ = ["GenerationSummary", "generate_scenario"]
