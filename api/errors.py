"""The one error shape of the open interfaces: {"detail": "<中文说明>", "errors": [...]}. Institutions' programs
read `detail` for a person and `errors` (index, field, reason) to fix a payload."""


class ApiError(Exception):
    """Answer `status` with `detail`; `errors` names what was wrong, item by item."""

    def __init__(self, status, detail, errors=()):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, list(errors)


def body(detail, errors=()):
    return {"detail": detail, "errors": list(errors)}
