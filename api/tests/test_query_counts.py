"""The answers' query counts do not grow with the rows: a push list, a push's rows, the priority list."""

import pytest

from api.models import Institution
from api.tests.factories import bearer, push_to, token
from finance.tests.factories import srdi_enterprise

pytestmark = pytest.mark.django_db
BANK = "桂林银行股份有限公司"


@pytest.mark.parametrize("firms", [2, 20])
def test_a_banks_answers_do_not_grow_with_the_rows(client, areas, firms, django_assert_num_queries):
    for index in range(firms):
        srdi_enterprise(area=list(areas.values())[index % 20])
    _, raw = token(BANK, Institution.Kind.BANK)
    push = None
    for _ in range(3):
        push = push_to(BANK)
    # token, last used, the pushes, the call logged
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/pushes/", **bearer(raw)).json()) == 3
    # token, last used, the push, its rows, the call logged
    with django_assert_num_queries(5):
        assert len(client.get(f"/api/v1/pushes/{push.pk}/rows/", **bearer(raw)).json()["rows"]) == firms


@pytest.mark.parametrize("firms", [2, 20])
def test_the_priority_list_does_not_grow_with_the_rows(client, areas, firms, django_assert_num_queries):
    for index in range(firms):
        srdi_enterprise(area=list(areas.values())[index % 20])
    _, raw = token("广西电网桂林供电局", Institution.Kind.SUPPLIER)
    client.get("/api/v1/priority-list/", **bearer(raw))
    # token, last used; the push: savepoint, the white list, its institution checked, the push, its rows, release;
    # the rows read back; the call logged
    with django_assert_num_queries(10):
        assert len(client.get("/api/v1/priority-list/", **bearer(raw)).json()["rows"]) == firms
