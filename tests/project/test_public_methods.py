"""Every view open without a log-in answers only GET and HEAD (require_safe), except the log-in forms (issue 17)."""

import pytest

from claims.models import Event
from tests.project.test_access import PUBLIC
from tests.support.factories import published_claim

pytestmark = pytest.mark.django_db

LOGIN_FORMS = ("/accounts/login/", "/admin/login/")


def test_the_public_views_are_known():
    assert {"/checks/", "/checks/corrections/feed.xml", "/checks/feed.json", "/healthz"} <= set(PUBLIC)


@pytest.mark.parametrize("path", [p for p in PUBLIC if p not in LOGIN_FORMS])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_views_refuse_writes(client, path, method):
    events = Event.objects.count()
    response = getattr(client, method)(path)
    assert response.status_code == 405, (method, path, response.status_code)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert Event.objects.count() == events


def test_the_atom_feed_and_healthz_answer_head(client):
    published_claim()
    assert client.head("/checks/corrections/feed.xml").status_code == 200
    assert client.head("/healthz").status_code == 200
