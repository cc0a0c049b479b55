"""What the models say of themselves where staff read them."""

def test_a_push_is_named_by_its_local_time():
    from datetime import UTC, datetime

    from finance.models import ListPush

    push = ListPush(recipient_name="桂林银行", pushed_at=datetime(2026, 12, 3, 20, 30, tzinfo=UTC))
    assert str(push) == "桂林银行 · 2026-12-04 04:30"  # Asia/Shanghai, as every other time the admin shows
