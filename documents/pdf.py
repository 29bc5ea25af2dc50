"""Tagged PDFs (PDF/UA-1) from Django templates, with WeasyPrint.

Every PDF we hand out is tagged (a structure tree and /MarkInfo), carries the document language and a title, so
that screen readers can read it (DOS-lagen, WCAG 2.1 AA). Fillable forms use WeasyPrint's PDF forms.
"""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def pdf_render(
    *, template_name: str, context: dict[str, object], request: HttpRequest | None = None, forms: bool = False
) -> bytes:
    """Render a template to a tagged PDF; `forms` turns HTML inputs into fillable PDF fields."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT, pdf_forms=forms)


def pdf_response(pdf: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    """A download that no cache keeps (the PDF may hold the person's own case)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
