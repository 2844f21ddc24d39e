"""Literal local times for the complaint tests: at("2026-11-27 17:40") is that moment in Asia/Shanghai."""

from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)
