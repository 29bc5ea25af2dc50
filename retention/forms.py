"""The retention forms: they validate what was typed, in the person's language; retention.services acts."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.forms import Select, named_errors, style_widgets
from lexsarah.models import LexSarahRecord
from organisations.models import Organisation
from retention.models import RecordClass


class StartRunForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        widget=Select,
        error_messages=named_errors(_("Organisation"), required=_("Choose the organisation.")),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        if organisations.count() == 1:
            field.initial = organisations.first()
        style_widgets(self)


class LegalHoldForm(forms.Form):
    reference_number = forms.CharField(
        label=_("Reference number"),
        max_length=40,
        help_text=_("Of a case or a Lex Sarah record, for example SN 2026/00123."),
        error_messages=named_errors(_("Reference number"), required=_("Enter the reference number.")),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Why the record must be kept, without personal data: for example a court case."),
        error_messages=named_errors(_("Reason"), required=_("Enter the reason for the hold.")),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "hold_%s")
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        style_widgets(self)
        self.record: tuple[str, int] | None = None

    def clean_reference_number(self) -> str:
        value: str = " ".join(self.cleaned_data["reference_number"].split())
        case_id = (
            Case.objects.filter(organisation__in=self.organisations, reference_number__iexact=value)
            .values_list("pk", flat=True)
            .first()
        )
        if case_id is not None:
            self.record = (RecordClass.COMPLAINT, case_id)
            return value
        record_id = (
            LexSarahRecord.objects.filter(organisation__in=self.organisations, reference_number__iexact=value)
            .values_list("pk", flat=True)
            .first()
        )
        if record_id is not None:
            self.record = (RecordClass.LEX_SARAH, record_id)
            return value
        raise forms.ValidationError(
            _("There is no case or Lex Sarah record %(reference)s in your organisation's archive."),
            code="not_found",
            params={"reference": value},
        )
