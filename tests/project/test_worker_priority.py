"""Worker processes yield the CPU to the web processes, so pages stay fast while articles are ingested."""

import weakref

from celery.signals import worker_process_init

from factcheck import celery


def test_each_worker_process_lowers_its_priority_by_the_configured_nice(settings, monkeypatch):
    niced = []
    monkeypatch.setattr(celery.os, "nice", niced.append)
    settings.WORKER_NICE = 10
    celery.worker_yield_cpu()
    settings.WORKER_NICE = 0  # CLAIMDESK_WORKER_NICE=0: the web's priority
    celery.worker_yield_cpu()
    assert niced == [10]


def test_the_priority_is_set_when_celery_starts_a_worker_process():
    receivers = [r() if isinstance(r, weakref.ReferenceType) else r for _, r in worker_process_init.receivers]
    assert celery.worker_yield_cpu in receivers
