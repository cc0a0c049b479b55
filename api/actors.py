"""The actor an institution's call writes as: a named system actor, so the history says which institution."""

from audit import SystemActor


def institution_actor(institution):
    return SystemActor(f"开放接口：{institution.name}")
