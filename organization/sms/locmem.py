from organization.sms.base import BaseSmsBackend, SendResult

outbox: list = []


class SmsBackend(BaseSmsBackend):
    """Keep messages in `organization.sms.locmem.outbox`, for tests."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return [SendResult(ok=True, provider_message_id=f"locmem-{len(outbox)}") for _ in messages]
