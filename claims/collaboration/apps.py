"""The collaboration app: listens to the timeline (claims.events.event_recorded) to notify people."""

from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "claims.collaboration"
    label = "collaboration"
    verbose_name = "Claimdesk collaboration"

    def ready(self) -> None:
        from ..events import event_recorded
        from .tasks import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="collaboration-notify")
