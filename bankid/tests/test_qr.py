"""The animated QR code: domain.md §9's test vectors, and the SVG the page shows."""

from bankid.qr import qr_data, qr_svg

TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"
SECRET = "d28db9a7-4cde-429e-a983-359be676944c"


def test_it_matches_the_test_vector_at_zero_seconds():
    assert qr_data(qr_start_token=TOKEN, qr_start_secret=SECRET, seconds=0) == (
        f"bankid.{TOKEN}.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8"
    )


def test_it_matches_the_test_vector_at_one_second():
    assert qr_data(qr_start_token=TOKEN, qr_start_secret=SECRET, seconds=1) == (
        f"bankid.{TOKEN}.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2"
    )


def test_the_svg_is_named_and_has_no_styles_or_size_of_its_own():
    svg = qr_svg(qr_data(qr_start_token=TOKEN, qr_start_secret=SECRET, seconds=3), label='Kod "<skanna>"')
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert 'aria-label="Kod &quot;&lt;skanna&gt;&quot;"' in svg
    assert "style" not in svg and ' width="' not in svg and "<script" not in svg
