"""A round page's largest key-figure flags are remembered in the process under the token of the data's state
(dialogue.selectors.round_largest_flags, lib.remembered): read once while the figures, benchmarks and estates are
unchanged, read again after any committed change to them. With committed data: the token changes at a commit."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dialogue import selectors
from dialogue.models import Benchmark, Estate, KeyFigure, Measure
from tests.remembered import renewing_tables, tables_read

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def flagged(estate_b):
    """Hedemarken's rent in 2025 is 30 % over the benchmark: the one flag of KAB's round 2026."""
    Benchmark.objects.create(year=2025, measure=Measure.RENT, value=Decimal("1000"))
    return KeyFigure.objects.create(estate=estate_b, year=2025, measure=Measure.RENT, value=Decimal("1300"))


def _flags(round) -> tuple[list[tuple[str, str, Decimal]], int, int]:
    """Return the round's largest flags (estate, measure, deviation), their total and the queries reading them took."""
    with CaptureQueriesContext(connection) as queries:
        flags, total = selectors.round_largest_flags(round=round, limit=20)
    return [(flag.estate_name, flag.measure, flag.deviation_percent) for flag in flags], total, len(queries)


def test_the_flags_are_read_once_while_what_they_read_is_unchanged(flagged, round_b):
    assert _flags(round_b) == ([("Hedemarken", Measure.RENT, 30)], 1, 2)  # the token and the flags
    assert _flags(round_b) == ([("Hedemarken", Measure.RENT, 30)], 1, 1)  # the token alone


def test_each_committed_change_is_in_the_next_flags(flagged, estate_b, round_b):
    _flags(round_b)
    KeyFigure.objects.filter(pk=flagged.pk).update(value=Decimal("1500"))
    assert _flags(round_b)[0] == [("Hedemarken", Measure.RENT, 50)]
    Benchmark.objects.filter(measure=Measure.RENT).update(value=Decimal("1200"))
    assert _flags(round_b)[0] == [("Hedemarken", Measure.RENT, 25)]
    Estate.objects.filter(pk=estate_b.pk).update(name="Hedemarken Øst")
    assert _flags(round_b)[0] == [("Hedemarken Øst", Measure.RENT, 25)]
    KeyFigure.objects.filter(pk=flagged.pk).delete()
    assert _flags(round_b)[:2] == ([], 0)


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_flags(flagged, round_b):
    _flags(round_b)
    with pytest.raises(RuntimeError), transaction.atomic():
        KeyFigure.objects.filter(pk=flagged.pk).update(value=Decimal("1000"))
        assert _flags(round_b)[:2] == ([], 0)
        raise RuntimeError("rolled back")
    assert _flags(round_b) == ([("Hedemarken", Measure.RENT, 30)], 1, 1)


def test_every_table_the_flags_read_renews_the_token(flagged, round_b):
    with transaction.atomic():
        KeyFigure.objects.filter(pk=flagged.pk).update(value=Decimal("1400"))  # read afresh in this transaction
        read = tables_read(lambda: selectors.round_largest_flags(round=round_b, limit=20))
    assert {"dialogue_keyfigure", "dialogue_estate", "dialogue_benchmark"} <= read
    assert read <= renewing_tables()
