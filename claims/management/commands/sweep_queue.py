"""Re-enqueue articles and sources stuck in the queue (what Celery beat runs every minute)."""

from django.core.management.base import BaseCommand

from claims.sweep import queue_sweep


class Command(BaseCommand):
    help = (
        "Send the extraction or fetch message again for articles and URL sources that are queued but "
        "never reached the task queue (Redis was down) or whose run was lost."
    )

    def handle(self, *args, **options):
        result = queue_sweep()
        self.stdout.write(str(result))
        if result.broker_down:
            self.stderr.write("The task queue is unreachable; run the sweep again once Redis is back.")
            raise SystemExit(1)
