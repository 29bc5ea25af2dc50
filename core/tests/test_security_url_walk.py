"""Walk every URL the project serves with every persona; fail where a case shows to someone who may not see it.

The URLs come from the resolver (core/tests/security_urls.py), so a URL added later is walked without any change
here. A page leaks when its body holds the case's marker text (in what it says, its notes, messages, actions and
attachment, including the attachment's bytes) or its reference number, and cases.policy.can_view_case says the
persona may not see the case. Two places may show the reference number, never the content, to an administrator:
the admin (the register's metadata) and the log review, whose job is to say who read which case.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases.models import Action, Case, Message, Note
from cases.policy import can_view_case
from cases.services import CaseSubmission, case_register
from core.tests.security_urls import Targets, walk

MARKER = "ZQXMARKER-hemlig-7731"
STAFF_PERSONAS = [
    "other_unit_staff",
    "contact_staff",  # the holder
    "unit_manager",
    "head_of_operations",
    "administrator",
]
# Where an administrator may see a case's reference number (metadata), never its content.
REFERENCE_ALLOWED_FOR_ADMINISTRATOR = ("/admin/", "/konto/granskning/")


def register(tree, *, unit, text, attachment_name="bilaga.pdf", attachment_bytes=b"%PDF-1.4"):
    return case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind="complaint",
            sender_role="relative",
            what_happened=text,
            desired_outcome=text,
            about_person=text,
            unit=unit,
            contact_name=f"Namn {text}",
            contact_email="anhorig@example.org",
            attachments=[
                SimpleUploadedFile(attachment_name, attachment_bytes, content_type="application/pdf")
            ],
        )
    ).case


@pytest.fixture
def secret_case(tree):
    case = register(
        tree,
        unit=tree.care_home,
        text=f"Personalen var otrevlig. {MARKER}",
        attachment_name=f"{MARKER}.pdf",
        attachment_bytes=b"%PDF-1.4\n" + MARKER.encode() + b"\n%%EOF\n",
    )
    Note.objects.create(case=case, author=tree.contact_staff, body=f"Anteckning {MARKER}")
    Message.objects.create(case=case, author=tree.contact_staff, body=f"Meddelande {MARKER}")
    Action.objects.create(
        case=case,
        description=f"Åtgärd {MARKER}",
        responsible=tree.unit_manager,
        due_on=timezone.localdate(),
        created_by=tree.unit_manager,
    )
    return case


def admin_object_ids(case: Case) -> dict[str, object]:
    ids: dict[str, object] = {}
    for model in (model for model in apps.get_models() if admin.site.is_registered(model)):
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        if model is Case:
            ids[key] = case.pk
            continue
        field_names = {field.name for field in model._meta.get_fields()}
        queryset = model._default_manager.order_by("pk")
        if "case" in field_names:
            queryset = queryset.filter(case=case)
        first = queryset.values_list("pk", flat=True).first()
        if first is not None:
            ids[key] = first
    return ids


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


def persona_client(name, tree, other_case):
    client = Client(raise_request_exception=False)
    if name == "anonymous":
        return client
    if name == "other_citizen":
        from citizen.views import SESSION_CASE

        session = client.session
        session[SESSION_CASE] = other_case.pk
        session.save()
        return client
    user = getattr(tree, name)
    if name == "administrator":
        # As in the demo: the administrator is a superuser, so the admin is walked too.
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    return client


def test_no_page_shows_a_case_to_someone_who_may_not_see_it(tree, secret_case):
    other_case = register(tree, unit=tree.group_home, text="Ett annat ärende")
    attachment = secret_case.attachments.get()
    targets = Targets(
        case_id=secret_case.pk,
        attachment_id=attachment.pk,
        receipt_code=secret_case.receipt_code,
        admin_object_ids=admin_object_ids(secret_case),
        related_ids={
            "action": secret_case.actions.get().pk,
            "note": secret_case.notes.get().pk,
            "message": secret_case.messages.get().pk,
            "attachment": attachment.pk,
            "case": secret_case.pk,
        },
    )
    urls, unwalkable = walk(targets)
    assert not unwalkable, (
        f"URL patterns the walk cannot fill (name them, or use route converters): {unwalkable}"
    )
    assert len(urls) > 20

    failures: list[str] = []
    seen_by_holder = 0
    for persona in ["anonymous", "other_citizen", *STAFF_PERSONAS]:
        user = None if persona in {"anonymous", "other_citizen"} else getattr(tree, persona)
        allowed = user is not None and can_view_case(user, secret_case)
        for url in urls:
            client = persona_client(
                persona, tree, other_case
            )  # fresh each time: a GET must not log anyone out
            response = client.get(url.path)
            if response.status_code >= 500:
                failures.append(f"{persona} GET {url.path} ({url.name}): status {response.status_code}")
                continue
            body = body_of(response)
            if allowed:
                seen_by_holder += persona == "contact_staff" and MARKER in body
                continue
            if MARKER in body:
                failures.append(f"{persona} GET {url.path} ({url.name}): shows the case's content")
            if secret_case.reference_number in body and not (
                persona == "administrator" and url.path.startswith(REFERENCE_ALLOWED_FOR_ADMINISTRATOR)
            ):
                failures.append(f"{persona} GET {url.path} ({url.name}): shows the case's reference number")
    assert not failures, "Pages that show a case to someone who may not see it:\n" + "\n".join(failures)
    # The walk must reach the case: the holder sees its content somewhere (else the test proves nothing).
    assert seen_by_holder, "the holder never saw the case: the walk did not reach the case page"


def test_the_personas_are_what_the_walk_assumes(tree, secret_case):
    assert secret_case.holder == tree.contact_staff
    assert can_view_case(tree.contact_staff, secret_case)
    assert can_view_case(tree.unit_manager, secret_case)
    assert can_view_case(tree.head_of_operations, secret_case)
    assert not can_view_case(tree.other_unit_staff, secret_case)
    assert not can_view_case(tree.administrator, secret_case)
