from collections import Counter

from cases import receipts


def test_codes_and_secrets_are_grouped_letters_of_the_alphabet():
    code, secret = receipts.new_receipt_code(), receipts.new_secret()
    assert len(code) == 9 and code[4] == "-"
    assert [len(group) for group in secret.split("-")] == [5, 5, 5, 5]
    assert set(code.replace("-", "") + secret.replace("-", "")) <= set(receipts.ALPHABET)


def test_every_letter_of_the_alphabet_is_drawn_about_as_often():
    drawn = Counter("".join(receipts.new_secret().replace("-", "") for _ in range(3200)))
    assert set(drawn) == set(receipts.ALPHABET)
    # 64,000 letters, 2,000 of each expected: a fair draw stays well within ±15 % (about 7 standard deviations).
    assert all(1700 < count < 2300 for count in drawn.values()), drawn
