"""Seeding a national-size data set through bulk paths, to measure the system at scale: the tree (`tree`), the
bulk row writer (`rows`) and the cases with their histories (`cases`)."""

from scale.seeding.cases import SeedResult, cases_seed, seeded_data_delete
from scale.seeding.tree import SLUG_PREFIX, USERNAME_PREFIX

__all__ = ["SLUG_PREFIX", "USERNAME_PREFIX", "SeedResult", "cases_seed", "seeded_data_delete"]
