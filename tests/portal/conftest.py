import pytest
from asgiref.local import Local
from django.tasks import task_backends

from tests.portal.smtp import MailServer

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def forget_task_backends() -> None:
    # The tasks framework builds its backends once and keeps them; make it read TASKS again.
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue(settings):
    """The production queue (django-tasks-db) instead of the tests' immediate one."""
    settings.TASKS = DATABASE_QUEUE
    forget_task_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    forget_task_backends()


@pytest.fixture
def mail_server(settings):
    """A real SMTP server, down until the test starts it, that the production SMTP backend
    sends to."""
    server = MailServer()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()
