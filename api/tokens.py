"""Tokens: generated with `secrets`, stored as their SHA-256 only, checked in one query."""

import hashlib
import secrets

PREFIX_LENGTH = 8


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
