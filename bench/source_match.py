"""How long reading and matching sources takes: a 100-page PDF and a 1 MB HTML page read,
then 100 quotes (a third each verbatim, paraphrased, absent) and 100 figures matched in a
300-page document.

    uv run --frozen python bench/source_match.py
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

import msgspec
from fpdf import FPDF

from claimcheck.model import Claim
from claimcheck.sources.match import match_figure, match_quote
from claimcheck.sources.text import read_document

WORDS = [
    "council",
    "police",
    "report",
    "victims",
    "review",
    "services",
    "authority",
    "inquiry",
    "children",
    "evidence",
    "officers",
    "offences",
    "referrals",
    "social",
    "workers",
    "agencies",
    "failures",
    "recommendations",
]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=14)
    return f"The {' '.join(words)} numbered {rng.randint(100, 99999):,}."


def main() -> None:
    rng = random.Random(1)
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    for _ in range(100):
        pdf.add_page()
        pdf.multi_cell(0, 5, " ".join(sentence(rng) for _ in range(25)))
    data = bytes(pdf.output())
    t = time.perf_counter()
    document = read_document(data)
    print(f"PDF, 100 pages, {len(data) / 1e6:.1f} MB: read in {time.perf_counter() - t:.2f} s")

    paragraphs = "".join(f"<p>{sentence(rng)} {sentence(rng)}</p>" for _ in range(4000))
    html = f"<html><body><nav>Menu</nav><article>{paragraphs}</article></body></html>"
    t = time.perf_counter()
    read_document(html.encode())
    print(f"HTML, {len(html) / 1e6:.1f} MB: main text in {time.perf_counter() - t:.2f} s")

    pages = [" ".join(sentence(rng) for _ in range(30)) for _ in range(300)]
    quotes = []
    for i in range(100):
        page = rng.choice(pages)
        start = page.index("The ", rng.randrange(len(page) - 400))
        text = page[start : page.index(".", start + 20)]
        if i % 3 == 1:  # paraphrase: two words dropped
            words = text.split()
            text = " ".join(words[:3] + words[5:])
        elif i % 3 == 2:
            text = "nothing of the kind was ever said by anyone at the inquiry"
        quotes.append(text)
    t = time.perf_counter()
    verdicts = [match_quote(q, pages).verdict.value for q in quotes]
    took = time.perf_counter() - t
    counts = {v: verdicts.count(v) for v in sorted(set(verdicts))}
    print(f"100 quotes in 300 pages: {took:.2f} s ({counts})")
    claims = [
        msgspec.convert(
            {
                "id": f"c{i}",
                "text": "t",
                "kind": "figure",
                "value": Decimal(rng.randint(100, 99999)),
                "unit": "cases",
                "measure": "referrals numbered",
            },
            Claim,
        )
        for i in range(100)
    ]
    t = time.perf_counter()
    found = sum(match_figure(c, pages).found for c in claims)
    print(f"100 figures in 300 pages: {time.perf_counter() - t:.2f} s ({found} found)")
    assert document.pages


if __name__ == "__main__":
    main()
