import io

from organization.models import OutboundMessage
from organization.sms import console, filebased, get_backend


def message(to="13800138000"):
    return OutboundMessage(to=to, template="reminder", body="【示范4S店】尊敬的张先生，您的爱车该保养了")


def test_the_console_backend_prints_each_message(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(console.SmsBackend, "stream", stream)
    results = console.SmsBackend().send_messages([message(), message(to="13900139000")])
    assert [r.ok for r in results] == [True, True]
    assert stream.getvalue().splitlines() == [
        "[SMS to 13800138000] 【示范4S店】尊敬的张先生，您的爱车该保养了",
        "[SMS to 13900139000] 【示范4S店】尊敬的张先生，您的爱车该保养了",
    ]


def test_the_file_backend_appends_to_a_dated_log(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    filebased.SmsBackend().send_messages([message()])
    filebased.SmsBackend().send_messages([message(to="13900139000")])
    (log,) = tmp_path.iterdir()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "13800138000\treminder\t【示范4S店】" in lines[0]


def test_the_backend_is_chosen_by_setting(settings):
    settings.SMS_BACKEND = "organization.sms.filebased.SmsBackend"
    assert type(get_backend()) is filebased.SmsBackend
    settings.SMS_BACKEND = "organization.sms.console.SmsBackend"
    assert type(get_backend()) is console.SmsBackend
