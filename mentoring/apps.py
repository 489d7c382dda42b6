from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"
    demo_module = "mentoring.mentorships.demo"
    personal_data_module = "mentoring.personal_data"
