from django.apps import AppConfig


class BasePageConfig(AppConfig):
    name = "tests.basepage"
    label = "basepage"
    default_auto_field = "django.db.models.BigAutoField"
