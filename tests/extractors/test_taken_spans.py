"""TakenSpans answers `does (start, end) overlap a span already taken?` as the plain list search does."""

import random

import pytest

from solieu.extractors.figures import TakenSpans


def plain(spans, start, end):
    return any(s < end and start < e for s, e in spans)


@pytest.mark.parametrize("spans,query,expected", [
    ([(10, 20)], (15, 16), True),
    ([(10, 20)], (20, 25), False),           # touching is not overlapping
    ([(10, 20), (20, 30)], (19, 21), True),
    ([(10, 20), (20, 30)], (20, 20), False),  # an empty query on the seam of two spans
    ([(10, 20), (15, 30)], (25, 26), True),   # merged with the span it overlaps
    ([(5, 5)], (4, 6), True),                 # an empty span, as the list search sees it
    ([], (0, 100), False),
])
def test_taken_spans_examples(spans, query, expected):
    assert TakenSpans(spans).overlaps(*query) is expected == plain(spans, *query)


def test_taken_spans_agree_with_the_list_search_on_random_spans():
    rng = random.Random(1)
    for _ in range(3000):
        spans = [(a, a + rng.randint(-2, 8)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 14)))]
        taken = TakenSpans(spans[: len(spans) // 2])
        for span in spans[len(spans) // 2:]:
            taken.append(span)
        for _ in range(20):
            start = rng.randint(0, 70)
            end = start + rng.randint(-2, 8)
            assert taken.overlaps(start, end) == plain(spans, start, end)
