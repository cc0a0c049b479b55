from api.tests.factories import _fresh_throttle  # noqa: F401
