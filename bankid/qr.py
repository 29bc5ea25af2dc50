"""The animated QR code of BankID's Secure Start, computed on the server only (domain.md §9).

The qrStartSecret never leaves the server: each second the page gets a new code,

    "bankid." + qrStartToken + "." + t + "." + hex(HMAC-SHA256(key=qrStartSecret, message=str(t)))

where t is the whole number of seconds since the answer to `auth`, and draws it as an SVG here.
"""

import hashlib
import hmac

from django.utils.html import escape


def qr_data(*, qr_start_token: str, qr_start_secret: str, seconds: int) -> str:
    """The text of the QR code `seconds` whole seconds after the order was started."""
    code = hmac.new(qr_start_secret.encode(), str(seconds).encode(), hashlib.sha256).hexdigest()
    return f"bankid.{qr_start_token}.{seconds}.{code}"


def qr_svg(data: str, *, label: str) -> str:
    """The QR code as an SVG element named `label` for screen readers, to put in the page: no size of its own
    (the stylesheet sizes it), no styles or scripts (the CSP allows it). `label` is escaped here."""
    # Imported here, as accounts/views.py does: qrcode brings Pillow, which only these pages need.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace('width="', 'data-width="').replace('height="', 'data-height="')
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ', 1)
