"""How the kinship likelihood ratios are computed: pairwise, pedigree and the vectorised screen.

Callers outside ``kinship`` import what they need from ``kinship`` itself; the modules here are
the machinery behind that surface (see ``docs/kinship.md``).
"""
