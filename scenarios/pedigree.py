"""The missing person's family as a pedigree: the people, who their parents are, the names they
inherit, and (on demand) their STR genotypes by Mendelian inheritance from the founders.

Relatives are placed where their relationship puts them: full siblings share both parents, half
siblings one, grandparents are the parents of a parent, aunts and uncles their other children,
first cousins the children of an aunt or uncle, nieces and nephews the children of a sibling,
children and grandchildren descend from the missing person and a spouse. People needed only to
connect a relative (a grandparent behind a cousin, say) exist in the pedigree without being
reported. Names follow the family's naming system (see names.yaml), so a sibling carries the
same patronymic or surname as the missing person and a mother keeps her own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from scenarios.genotypes import Genotype, GenotypeSimulator
from scenarios.name_bank import NameEntry, NameGroup, PersonName


@dataclass(eq=False)
class Individual:
    """A person of the pedigree."""

    sex: str
    birth_year: int
    name: PersonName
    father: "Individual | None" = None
    mother: "Individual | None" = None
    genotype: Genotype | None = field(default=None, repr=False)


class Pedigree:
    """Builds the missing person's family around them, one relationship at a time."""

    def __init__(self, group: NameGroup, population: str, sex: str, birth_year: int,
                 disappearance_year: int, rng: random.Random) -> None:
        self.group = group
        self.population = population
        self.rng = rng
        # Nobody in the pedigree is born after the disappearance.
        self.latest_birth = disappearance_year
        self.father = self.founder("M", birth_year - rng.randint(20, 45))
        self.mother = self.founder("F", birth_year - rng.randint(17, 40))
        self.missing = self.child_of(self.father, self.mother, sex, birth_year)
        self.spouse: Individual | None = None
        self._grandparents: dict[str, tuple[Individual, Individual]] = {}

    # -- names -------------------------------------------------------------------------------
    def _given(self, sex: str, avoid: tuple[NameEntry, ...] = ()) -> tuple[NameEntry, ...]:
        pool = self.group.given_pool(sex)
        entry = pool[self.rng.randrange(len(pool))]
        for _ in range(3):
            if entry not in avoid:
                break
            entry = pool[self.rng.randrange(len(pool))]
        if self.group.system == "family_first":
            middles = self.group.middle_female if sex == "F" else self.group.middle_male
            return (middles[self.rng.randrange(len(middles))], entry)
        if self.group.system == "two_surnames" and self.rng.random() < 0.3:
            second = pool[self.rng.randrange(len(pool))]
            if second != entry:
                return (entry, second)
        return (entry,)

    def _surname(self, sex: str) -> NameEntry:
        if sex == "F" and self.group.female_family:
            pool = self.group.female_family
        elif self.group.family:
            pool = self.group.family
        else:
            pool = self.group.male
        return pool[self.rng.randrange(len(pool))]

    def _founder_family(self, sex: str) -> tuple[NameEntry, ...]:
        system = self.group.system
        if system == "patronymic":
            # father's given name, then grandfather's
            return (self._surname("M"), self._surname("M"))
        if system == "two_surnames":
            return (self._surname("M"), self._surname("M"))
        return (self._surname(sex),)

    def _inherited_family(self, sex: str, father: Individual, mother: Individual) -> tuple[NameEntry, ...]:
        system = self.group.system
        if system == "patronymic":
            return (father.name.given[0], father.name.family[0])
        if system == "two_surnames":
            return (father.name.family[0], mother.name.family[0])
        if sex == "F" and self.group.female_family:
            return (self._surname("F"),)
        return (father.name.family[0],)

    # -- people ------------------------------------------------------------------------------
    def founder(self, sex: str, birth_year: int) -> Individual:
        """Someone whose parents are outside the pedigree (genotype drawn from the population)."""
        return Individual(sex, birth_year, PersonName(self._given(sex), self._founder_family(sex)))

    def child_of(self, father: Individual, mother: Individual, sex: str, birth_year: int,
                 avoid: tuple[NameEntry, ...] = ()) -> Individual:
        """A child of the two, named as the family's naming system names children."""
        name = PersonName(self._given(sex, avoid), self._inherited_family(sex, father, mother))
        return Individual(sex, min(birth_year, self.latest_birth), name, father, mother)

    def _sex(self) -> str:
        return "F" if self.rng.random() < 0.5 else "M"

    def _grandparents_on(self, side: str) -> tuple[Individual, Individual]:
        """The parents of the missing person's father (side "paternal") or mother, created so
        that the parent's inherited name comes out right."""
        if side not in self._grandparents:
            parent = self.father if side == "paternal" else self.mother
            grandfather = Individual("M", parent.birth_year - self.rng.randint(20, 40),
                                     self._grandfather_name(parent))
            grandmother = self.founder("F", parent.birth_year - self.rng.randint(17, 35))
            if self.group.system == "two_surnames":
                grandmother.name = PersonName(grandmother.name.given,
                                              (parent.name.family[1], self._surname("M")))
            parent.father, parent.mother = grandfather, grandmother
            self._grandparents[side] = (grandfather, grandmother)
        return self._grandparents[side]

    def _grandfather_name(self, parent: Individual) -> PersonName:
        family = parent.name.family
        if self.group.system == "patronymic":
            return PersonName((family[0],), (family[1], self._surname("M")))
        if self.group.system == "two_surnames":
            return PersonName(self._given("M"), (family[0], self._surname("M")))
        if self.group.female_family and parent.sex == "F":
            return PersonName(self._given("M"), (self._surname("M"),))
        return PersonName(self._given("M"), (family[0],))

    def _own_child(self, sex: str) -> Individual:
        spouse = self.spouse or self._make_spouse()
        father, mother = (self.missing, spouse) if self.missing.sex == "M" else (spouse, self.missing)
        born = max(self.missing.birth_year, spouse.birth_year) + self.rng.randint(19, 30)
        return self.child_of(father, mother, sex, born)

    def _make_spouse(self) -> Individual:
        sex = "F" if self.missing.sex == "M" else "M"
        shift = self.rng.randint(-8, 2) if sex == "F" else self.rng.randint(-2, 10)
        self.spouse = self.founder(sex, self.missing.birth_year - shift)
        return self.spouse

    def relative(self, relationship: str) -> Individual:
        """A new (or the only) relative of the missing person in this relationship."""
        rng, missing = self.rng, self.missing
        if relationship == "mother":
            return self.mother
        if relationship == "father":
            return self.father
        if relationship == "spouse":
            return self.spouse or self._make_spouse()
        if relationship == "full_sibling":
            return self.child_of(self.father, self.mother, self._sex(),
                                 missing.birth_year + rng.randint(-12, 12), missing.name.given)
        if relationship == "half_sibling_paternal":
            other_mother = self.founder("F", self.mother.birth_year + rng.randint(-5, 10))
            return self.child_of(self.father, other_mother, self._sex(),
                                 missing.birth_year + rng.randint(-12, 12), missing.name.given)
        if relationship == "half_sibling_maternal":
            other_father = self.founder("M", self.father.birth_year + rng.randint(-8, 8))
            return self.child_of(other_father, self.mother, self._sex(),
                                 missing.birth_year + rng.randint(-12, 12), missing.name.given)
        if relationship == "child":
            return self._own_child(self._sex())
        if relationship == "grandchild":
            parent = self._own_child(self._sex())
            partner = self.founder("F" if parent.sex == "M" else "M", parent.birth_year + rng.randint(-5, 5))
            father, mother = (parent, partner) if parent.sex == "M" else (partner, parent)
            return self.child_of(father, mother, self._sex(), parent.birth_year + rng.randint(19, 28))
        if relationship == "grandparent":
            grandfather, grandmother = self._grandparents_on(rng.choice(("paternal", "maternal")))
            return grandfather if rng.random() < 0.4 else grandmother
        if relationship == "aunt_uncle":
            return self._aunt_or_uncle()
        if relationship == "niece_nephew":
            sibling = self.child_of(self.father, self.mother, self._sex(),
                                    missing.birth_year - rng.randint(2, 14), missing.name.given)
            return self._child_with_partner(sibling)
        if relationship == "first_cousin":
            return self._child_with_partner(self._aunt_or_uncle())
        if relationship == "other":
            return self.founder(self._sex(), missing.birth_year + rng.randint(-15, 15))
        raise ValueError(f"Unknown relationship {relationship!r}.")

    def _aunt_or_uncle(self) -> Individual:
        side = self.rng.choice(("paternal", "maternal"))
        grandfather, grandmother = self._grandparents_on(side)
        parent = self.father if side == "paternal" else self.mother
        return self.child_of(grandfather, grandmother, self._sex(),
                             parent.birth_year + self.rng.randint(-10, 10), parent.name.given)

    def _child_with_partner(self, parent: Individual) -> Individual:
        partner = self.founder("F" if parent.sex == "M" else "M", parent.birth_year + self.rng.randint(-5, 5))
        father, mother = (parent, partner) if parent.sex == "M" else (partner, parent)
        return self.child_of(father, mother, self._sex(), parent.birth_year + self.rng.randint(18, 35))

    # -- genotypes ---------------------------------------------------------------------------
    def genotype(self, person: Individual, simulator: GenotypeSimulator, rng: np.random.Generator) -> Genotype:
        """The person's genotype, drawing founders and transmitting alleles down the pedigree."""
        if person.genotype is None:
            if person.father is None or person.mother is None:
                person.genotype = simulator.founder(rng, self.population)
            else:
                person.genotype = simulator.child(
                    rng,
                    self.genotype(person.father, simulator, rng),
                    self.genotype(person.mother, simulator, rng),
                )
        return person.genotype
