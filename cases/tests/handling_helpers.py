"""Making cases for the handling tests through the real registration service, and running `manage.py` beside them."""

import os

from django.db import connection

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register


def register(tree, **overrides):
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened="Personalen hade ett dåligt bemötande mot min mamma.",
        unit=tree.care_home,
        contact_name="Karin Exempel",
        contact_email="karin.exempel@example.se",
    )
    values.update(overrides)
    return case_register(submission=CaseSubmission(**values)).case


def manage_subprocess_env() -> dict[str, str]:
    """The environment for a `manage.py` subprocess on this test's database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "SYNPUNKT_ENV": "test",
        "SYNPUNKT_MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if connection.vendor == "postgresql":
        user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["SYNPUNKT_SQLITE_PATH"] = str(database["NAME"])
    return env


def closing_categories(case) -> dict:
    """What a case concerns and, for a complaint, the cause found: what closing it needs (cases.services.categories),
    as keyword arguments for case_answer_and_close and case_thank_and_close."""
    from organisations.models import Category, CategoryDimension

    taxonomy = Category.objects.filter(organisation_id=case.organisation_id)
    topic = taxonomy.get(dimension=CategoryDimension.TOPIC, code="treatment")
    causes = (
        [taxonomy.get(dimension=CategoryDimension.CAUSE, code="routines")] if case.kind == "complaint" else []
    )
    return {"topics": [topic], "causes": causes}


def closing_form(case) -> dict[str, list[int]]:
    """closing_categories as the closing pages' form posts them (ids)."""
    return {key: [category.pk for category in chosen] for key, chosen in closing_categories(case).items()}
