"""Issuing a document: the first download of a certificate, an award notice or a public-notice list records what
it states under a short random code; every later download of the same subject carries the same code."""

import secrets

from django.db import IntegrityError, transaction

from audit import audited, person, require_actor

from .models import IssuedDocument

# No 0/O, 1/I/L: a code read aloud over the phone or typed from paper is not misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31^10 ≈ 8·10^14: not guessable


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def issue_document(*, actor, kind, subject, **statement):
    """The IssuedDocument of (`kind`, `subject`), created with `statement` (enterprise_name, credit_code,
    statement, amount, stated_on, document_number) the first time. What a document stated stays as it was issued;
    the verification page compares it with the records of today."""
    require_actor(actor)
    existing = IssuedDocument.objects.filter(kind=kind, subject=subject).first()
    if existing is not None:
        return existing
    for _ in range(5):
        document = IssuedDocument(code=new_code(), kind=kind, subject=subject, issued_by=person(actor), **statement)
        document.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                audited(document, actor).save()
            return document
        except IntegrityError:
            # Another request issued the same subject at the same moment (or, vanishingly rarely, the same code).
            existing = IssuedDocument.objects.filter(kind=kind, subject=subject).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not draw a unique verification code")
