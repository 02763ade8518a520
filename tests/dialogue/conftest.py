"""Objects of the steering dialogue for two housing organisations: BO-VEST (board_member_a) and KAB (board_member_b)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogue import services
from dialogue.models import Estate

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def pdf_file():
    def make(name: str = "styringsrapport.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

    return make


@pytest.fixture
def estate_a(organisations):
    return Estate.objects.create(
        organisation=organisations["BO-VEST"],
        number="VA-01",
        name="Galgebakken",
        address="Galgebakken Sønder, 2620 Albertslund",
        units=690,
        area_m2=62000,
        year_built=1974,
    )


@pytest.fixture
def estate_b(organisations):
    return Estate.objects.create(
        organisation=organisations["KAB"],
        number="HM-01",
        name="Hedemarken",
        address="Hedemarken, 2620 Albertslund",
        units=360,
        area_m2=30500,
        year_built=1968,
    )


@pytest.fixture
def round_a(organisations, sekretariat):
    return services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)


@pytest.fixture
def round_b(organisations, sekretariat):
    return services.round_create(organisation=organisations["KAB"], year=2026, actor=sekretariat)


def move_to(round, stage: str, actor) -> None:
    """Walk the round forward through the allowed transitions up to `stage` (approval and publishing excepted)."""
    from dialogue.models import STAGE_ORDER

    round.refresh_from_db()
    while round.stage != stage:
        services.round_advance(round=round, stage=STAGE_ORDER[round.stage_index + 1], actor=actor)
        round.refresh_from_db()


def squeezed(html: str) -> str:
    """Return the HTML without the white space around its tags, to compare markup written in different layouts."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", re.sub(r"\s+", " ", html))
