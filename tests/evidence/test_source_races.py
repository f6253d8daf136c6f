"""A source is stored once, even when people add the same URL or file at the same moment (issue 17).

Real concurrent transactions: threads with their own database connections wait at a
barrier, then all add the same source. The partial unique indexes make the late ones
return the first row instead of creating a duplicate.
"""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from claims.evidence.library import Upload, source_create
from claims.models import Source

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8
ROUNDS = 5


def race(make_source) -> list:
    barrier = threading.Barrier(RACERS)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=20)
            results.append(make_source())
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_the_same_url_added_at_once_is_stored_once(reviewer, monkeypatch):
    monkeypatch.setattr("claims.tasks.fetch_source.delay", lambda pk: None)
    for round_ in range(ROUNDS):
        url = f"https://example.org/report-{round_}"
        results = race(lambda url=url: source_create(actor=reviewer, url=url, title="Report"))
        assert Source.objects.filter(url=url).count() == 1
        assert {source.pk for source, _ in results} == {Source.objects.get(url=url).pk}
        assert sum(added for _, added in results) == 1


def test_the_same_file_uploaded_at_once_is_stored_once(reviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for round_ in range(ROUNDS):
        content = f"Port arrivals, June 2023, version {round_}: 3,500 soldiers.".encode()
        results = race(lambda c=content: source_create(actor=reviewer, upload=Upload(name="arrivals.txt", content=c)))
        assert Source.objects.filter(filename="arrivals.txt").count() == round_ + 1
        assert len({source.pk for source, _ in results}) == 1
        assert sum(added for _, added in results) == 1
    assert len(list(tmp_path.rglob("*.txt"))) == ROUNDS  # the losers' files were removed


def test_the_database_refuses_a_second_row_for_a_url_or_file_hash():
    Source.objects.create(url="https://example.org/a", title="A")
    Source.objects.create(file_sha256="f" * 64, title="B")
    Source.objects.create(title="No URL, no file")
    Source.objects.create(title="Another without either")  # empty values may repeat
    for fields in ({"url": "https://example.org/a"}, {"file_sha256": "f" * 64}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(title="Duplicate", **fields)
