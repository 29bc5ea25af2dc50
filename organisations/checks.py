"""The tree check: a tree in which a unit has nobody to receive its cases is refused (issue 2, point 2).

`organisations.selectors.tree_problems` finds the problems; this module turns them into sentences, tries a change
out before it is made (so that the admin can refuse it), and offers the check to `manage.py check --database` and
to `manage.py check_tree`.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from organisations.models import Organisation, OrgNode, Role
from organisations.selectors import ladder_roles, tree_problems


class _RollBack(Exception):
    """Raised inside a savepoint to undo a change that was only being tried out."""


def problem_sentences(organisation: Organisation, problems: list[str]) -> list[str]:
    """Plain sentences for the codes `tree_problems` returns, naming the unit."""
    first_role = (ladder_roles(organisation)[:1] or [Role.CONTACT_STAFF])[0]
    unit_ids = [int(code.split(":", 1)[1]) for code in problems if code.startswith("unit:")]
    names = dict(OrgNode.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    sentences = []
    for code in problems:
        if code.startswith("unit:"):
            sentences.append(
                _(
                    "The unit “%(unit)s” would have nobody to receive its cases: someone must hold the role "
                    "“%(first)s” or “%(manager)s” on the unit or above it."
                )
                % {
                    "unit": names.get(int(code.split(":", 1)[1]), code),
                    "first": Role(first_role).label,
                    "manager": Role.UNIT_MANAGER.label,
                }
            )
        elif code == "registrar":
            sentences.append(
                _(
                    "%(organisation)s would have no registrar to place cases whose unit the sender did not know: "
                    "someone must hold the role “%(registrar)s” at the top of the tree."
                )
                % {"organisation": organisation.name, "registrar": Role.REGISTRAR.label}
            )
        else:
            sentences.append(code)
    return sentences


def problems_after(organisations: Iterable[Organisation], change: Callable[[], object]) -> list[str]:
    """The problems a change would bring to these organisations' trees that they do not already have.

    The change runs inside a savepoint that is always rolled back, so nothing of it stays; problems a tree
    already had are not blamed on the change (otherwise nobody could fix a broken tree one edit at a time).
    """
    organisations = list({organisation.pk: organisation for organisation in organisations}.values())
    before = {organisation.pk: set(tree_problems(organisation)) for organisation in organisations}
    sentences: list[str] = []
    try:
        with transaction.atomic():
            change()
            for organisation in organisations:
                new = [code for code in tree_problems(organisation) if code not in before[organisation.pk]]
                # Named inside the savepoint: a unit created by the change exists only here.
                sentences += problem_sentences(organisation, new)
            raise _RollBack
    except _RollBack:
        pass
    return sentences


def organisation_problems() -> list[tuple[Organisation, list[str]]]:
    """Every organisation whose tree has problems, with the sentences naming them."""
    found = []
    for organisation in Organisation.objects.order_by("name"):
        problems = tree_problems(organisation)
        if problems:
            found.append((organisation, problem_sentences(organisation, problems)))
    return found


@checks.register(checks.Tags.database)
def check_trees(
    app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """`manage.py check --database default`: a warning per unit that nobody would receive cases for.

    A warning, not an error, so that `migrate` (which runs the database checks) is never blocked by data;
    `manage.py check_tree` is the command that fails.
    """
    if not databases:
        return []
    try:
        found = organisation_problems()
    except DatabaseError:  # tables not created yet (before the first migrate)
        return []
    return [
        checks.Warning(sentence, obj=organisation, id="organisations.W001")
        for organisation, sentences in found
        for sentence in sentences
    ]
