"""Tap-to-call links dial official numbers only.

A ``tel:`` or ``sms:`` link on a guide page must be one of the official numbers the facts file
sources (``../shared/facts/domain_facts.md`` §3 and §7.4), never a number taken from a message or
an unverified hotline. The phone-size rendering of these links is checked in
``tests/browser/test_guide_phone.py``.
"""

from __future__ import annotations

import re

import pytest
from sitehtml import ParsedPage

OFFICIAL = {
    "110": "报警",
    "120": "急救",
    "96110": "反诈预警劝阻咨询专线",
    "12378": "银行保险消费者投诉维权热线",
    "12363": "中国人民银行金融消费权益保护咨询投诉电话",
    "12345": "政务服务便民热线",
    "12348": "公共法律服务热线",
    "12356": "全国统一心理援助热线",
    "12368": "诉讼服务热线",
    "01012321": "网络不良与垃圾信息举报受理中心（电话 010-12321）",
}
SMS_OFFICIAL = {"12321": "网络不良与垃圾信息举报受理中心（短信）"}
DIAL_LINK = re.compile(r'href="(tel|sms):([^"]*)"')


@pytest.mark.site
def test_dial_links_are_official_numbers(site_pages: dict[str, ParsedPage]) -> None:
    bad = []
    seen: set[str] = set()
    for url, page in site_pages.items():
        for scheme, number in DIAL_LINK.findall(page.path.read_text(encoding="utf-8")):
            allowed = OFFICIAL if scheme == "tel" else SMS_OFFICIAL
            if number not in allowed:
                bad.append(f"/{url}: {scheme}:{number}")
            seen.add(f"{scheme}:{number}")
    assert not bad, "dial links to numbers that are not official, sourced numbers:\n" + "\n".join(bad)
    assert {"tel:110", "tel:96110", "tel:12378", "tel:12348", "tel:12356", "tel:12368"} <= seen
