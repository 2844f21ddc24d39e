import sys

from organization.sms.base import BaseSmsBackend, SendResult


class SmsBackend(BaseSmsBackend):
    """Print each message: the embedded default, so a demo shows what would be sent."""

    stream = sys.stdout

    def send_messages(self, messages):
        for message in messages:
            self.stream.write(f"[SMS to {message.to}] {message.body}\n")
        self.stream.flush()
        return [SendResult(ok=True) for _ in messages]
