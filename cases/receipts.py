"""Receipt codes and secrets for following a case without an account (domain.md §3).

The code is public-ish (printed on the receipt, said on the phone); the secret is shown once and stored only as a
SHA-256 digest. A slow password hash is not needed: the secret carries 100 random bits, so no dictionary applies,
and registration stays fast under load. Comparison is constant-time.
"""

import hashlib
import hmac
import secrets

# Crockford-style alphabet: no I, L, O, U, so that codes read aloud over the phone are unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random_chars(count: int) -> str:
    # One read of the system's random source; 256 is a multiple of the alphabet's 32 letters, so the low five bits
    # of each byte pick a letter with equal chance (secrets.choice would read the source once per letter).
    assert len(ALPHABET) == 32
    return "".join(ALPHABET[byte & 31] for byte in secrets.token_bytes(count))


def new_receipt_code() -> str:
    """Eight characters in two groups, e.g. K7P2-9XQM (40 bits: not a secret, only an identifier)."""
    raw = _random_chars(8)
    return f"{raw[:4]}-{raw[4:]}"


def new_secret() -> str:
    """Twenty characters in four groups, e.g. 4F7Q2-ZK8MA-…: 20 × 5 = 100 bits."""
    raw = _random_chars(20)
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def normalise(value: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes, O for 0 and I/L for 1."""
    cleaned = value.upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return "".join(ch for ch in cleaned if ch in ALPHABET)


def format_code(value: str) -> str:
    raw = normalise(value)
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def hash_secret(secret: str) -> str:
    return hashlib.sha256(normalise(secret).encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
