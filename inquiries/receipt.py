"""The receipt: an inquiry number and a separate secret.

The number is random (it says nothing about when, where or how many inquiries were filed) and
short enough to read over a phone; the secret is longer, shown once, and only a salted hash of
it is kept. Both use Crockford's base-32 letters (no I, L, O or U), so a number written by hand
and read back by someone else still works: lower case, spaces and dashes are ignored, and O, I
and L are read as 0, 1 and 1.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_PREFIX = "TG"
NUMBER_LENGTH = 8    # 40 bits: about a trillion numbers, guessed one at a time under a rate limit
SECRET_LENGTH = 16   # 80 bits


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _grouped(text: str) -> str:
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def new_number() -> str:
    """`TG-XXXX-XXXX`."""
    return f"{NUMBER_PREFIX}-{_grouped(_random(NUMBER_LENGTH))}"


def new_secret() -> str:
    """`XXXX-XXXX-XXXX-XXXX`."""
    return _grouped(_random(SECRET_LENGTH))


def _letters(text: str) -> str:
    folded = text.upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return "".join(ch for ch in folded if ch in ALPHABET)


def canonical_number(text: str) -> str:
    """A number as typed, in its canonical form (which may name no inquiry)."""
    letters = _letters(text[:40])
    if letters.startswith("T6") or letters.startswith("TG"):
        letters = letters[2:]
    return f"{NUMBER_PREFIX}-{_grouped(letters[:NUMBER_LENGTH * 2])}"


def canonical_secret(text: str) -> str:
    return _grouped(_letters(text[:80])[:SECRET_LENGTH * 2])


def hash_secret(secret: str, salt: str | None = None) -> tuple[str, str]:
    """(salt, hex digest) of a secret. 80 random bits need no slow hash to resist guessing offline."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(f"{salt}:{canonical_secret(secret)}".encode()).hexdigest()
    return salt, digest


def secret_matches(secret: str, salt: str, digest: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt)[1], digest)


# Compared against when no inquiry has the number, so that a wrong number costs what a wrong
# secret costs and the two cannot be told apart by timing.
DECOY_SALT, DECOY_DIGEST = hash_secret(new_secret())
