from dataclasses import dataclass


@dataclass(frozen=True)
class SendResult:
    ok: bool
    provider_message_id: str = ""
    error: str = ""


class BaseSmsBackend:
    """Deliver outbox messages; return one SendResult per message, in order. Never raise for one bad message."""

    def send_messages(self, messages) -> list[SendResult]:
        raise NotImplementedError
