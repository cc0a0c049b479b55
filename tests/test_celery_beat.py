from django.conf import settings

from guilin_zjtx.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)
    assert {"awards.tasks.recompute_previous_year", "liaison.tasks.evaluate_liaison_duty",
            "declarations.tasks.conclude_due_public_notices"} <= scheduled
