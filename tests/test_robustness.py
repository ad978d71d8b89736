"""Every extractor on odd and arbitrary text: no crash, no hang, offsets always exact.

Property-based (hypothesis) over arbitrary Unicode and over text assembled from domain
fragments, so that the rules actually fire; plus a few pathological articles.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean
from pipeline.model import ProcessedArticle, RawDocument, Reject
from pipeline.process import process

FRAGMENTS = [
    "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", "Cụm thi đua số 3", "Khối thi đua", "gồm:", "Cụm trưởng",
    "đồng chí", "Nguyễn Văn An", "–", " - ", "Phó Chủ tịch", "Chủ tịch", "phong trào thi đua", "“", "”", '"',
    "cuộc vận động", "chủ đề", "ngày", "12/2/2020", "31/2/2020", "99/99/9999", "14/2", "tháng 7/2017",
    "nhiệm kỳ 2020 – 2025", "1.671", "0912.456.789", "Sở", "Khoa học và Công nghệ", ",", ";", ".", "\n",
    "các Sở:", "và", "Công đoàn ngành Y tế", "UBND", "Hội thi", "(", ")", "Ông", "Bà", "năm 2020",
]

domain_text = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=60).map(" ".join)
any_text = st.text(min_size=1, max_size=400)


def _check(result: ProcessedArticle | Reject) -> None:
    if isinstance(result, Reject):
        assert result.reason != "error", result.detail  # an extractor bug surfaces as reason "error"
        return
    text = result.doc.clean.text
    for kind, fact in result.extraction.facts():
        assert text[fact.start:fact.end] == fact.text, (kind, fact)
        assert -1 <= fact.sent_index < max(1, len(result.doc.sentences))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domain_text)
def test_domain_like_text_gives_exact_offsets(nlp, text):
    _check(process(RawDocument("h.txt", "txt", text=text), nlp))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_text)
def test_arbitrary_unicode_never_crashes(nlp, text):
    _check(process(RawDocument("h.txt", "txt", text=text), nlp))


@settings(max_examples=60, deadline=None)
@given(any_text)
def test_cleaning_is_idempotent(text):
    first = clean(RawDocument("h.txt", "txt", text=text))
    if isinstance(first, Reject):
        return
    second = clean(RawDocument("h.txt", "txt", text=first.text))
    assert not isinstance(second, Reject)
    assert second.text == first.text


@pytest.mark.parametrize("name, text", [
    ("sentence of thousands of tokens", "Tiêu đề\n\n" + " ".join(["công đoàn"] * 3000) + "."),
    ("unbalanced quotes", "Tiêu đề\n\nphong trào “Lao động giỏi; cuộc vận động \"A và “B và chủ đề ”C”" * 20),
    ("impossible dates", "Tiêu đề\n\nNgày 31/2/2020 và 99/99/9999, 32/13/2021, 0/0/0."),
    ("numbers that look like dates", "Tiêu đề\n\nCó 1.671 đoàn viên, 3.412 người, 0912.456.789, 12.5% và 1/2 ngày."),
    ("name list of 500 items", "Tiêu đề\n\nCụm thi đua số 2 gồm: "
     + ", ".join(f"Công đoàn cơ sở Trường số {i}" for i in range(500)) + "."),
])
def test_pathological_articles(nlp, name, text):
    result = process(RawDocument("p.txt", "txt", text=text), nlp)
    _check(result)
    if name == "impossible dates" and isinstance(result, ProcessedArticle):
        assert result.extraction.dates == []
