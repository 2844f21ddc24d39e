import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealer_crm.settings")

app = Celery("dealer_crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def make_broker_folders(sender, **kwargs):
    """kombu's filesystem transport expects its folders to exist."""
    for folder in (sender.conf.broker_transport_options or {}).values():
        if isinstance(folder, str) and folder.startswith("/"):
            os.makedirs(folder, exist_ok=True)
