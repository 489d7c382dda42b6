from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"
    demo_module = "mentoring.mentorships.demo"
    personal_data_module = "mentoring.personal_data"

    def ready(self) -> None:
        from mentoring.mentorships.mentor_snapshot import restore_triggers

        post_migrate.connect(restore_triggers, sender=self)
