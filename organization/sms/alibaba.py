"""Alibaba Cloud SMS (dysmsapi 2017-05-25) through its official SDK.

Credentials, signature and template codes come from the environment (settings.ALIBABA_SMS).
"""

import json
import logging

from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_dysmsapi20170525.models import SendSmsRequest
from alibabacloud_tea_openapi.models import Config
from alibabacloud_tea_util.models import RuntimeOptions
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from organization.sms.base import BaseSmsBackend, SendResult

logger = logging.getLogger(__name__)


class SmsBackend(BaseSmsBackend):
    def __init__(self):
        conf = settings.ALIBABA_SMS
        if not (conf["ACCESS_KEY_ID"] and conf["ACCESS_KEY_SECRET"] and conf["SIGN_NAME"]):
            raise ImproperlyConfigured("ALIBABA_SMS_ACCESS_KEY_ID, _ACCESS_KEY_SECRET and _SIGN_NAME must be set")
        self.sign_name = conf["SIGN_NAME"]
        self.template_codes = conf["TEMPLATE_CODES"]
        self.client = Client(
            Config(
                access_key_id=conf["ACCESS_KEY_ID"],
                access_key_secret=conf["ACCESS_KEY_SECRET"],
                endpoint=conf["ENDPOINT"],
                protocol=conf["PROTOCOL"],
                connect_timeout=5000,
                read_timeout=10000,
            )
        )

    def send_messages(self, messages):
        return [self._send(message) for message in messages]

    def _send(self, message) -> SendResult:
        template_code = self.template_codes.get(message.template)
        if not template_code:
            return SendResult(ok=False, error=f"no Alibaba template code for {message.template!r}")
        request = SendSmsRequest(
            phone_numbers=message.to,
            sign_name=self.sign_name,
            template_code=template_code,
            template_param=json.dumps(message.params, ensure_ascii=False),
            out_id=str(message.pk),
        )
        try:
            response = self.client.send_sms_with_options(request, RuntimeOptions(autoretry=False))
        except Exception as error:  # the SDK raises its own and network errors alike
            logger.warning("Alibaba SMS to %s failed: %s", message.to, error)
            return SendResult(ok=False, error=str(error)[:255])
        body = response.body
        if body.code != "OK":
            return SendResult(ok=False, error=f"{body.code}: {body.message}"[:255])
        return SendResult(ok=True, provider_message_id=body.biz_id or "")
