"""The steering dialogue's volume data (seed_volume): each round comes with its documentation package."""

from dialogue import volume
from dialogue.models import DialogueRound, Document


def test_every_round_of_the_years_has_each_kind_of_document_in_consecutive_versions(organisations):
    counts = volume.generate(years=2)
    rounds = DialogueRound.objects.prefetch_related("documents")
    assert rounds.count() == counts["runder"] == 2 * len(organisations_housing(organisations))
    assert Document.objects.count() == counts["dokumenter"]
    for round in rounds:
        versions = {}
        for document in round.documents.all():
            versions.setdefault(document.kind, []).append(document.version)
            assert str(round.year) in document.original_name
        assert set(versions) == set(Document.Kind.values)
        assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in versions.values())
    assert volume.generate(years=2)["dokumenter"] == 0  # run again, it adds no second package


def organisations_housing(organisations):
    from coordination.models import Organisation

    return [organisation for organisation in organisations.values() if organisation.kind == Organisation.Kind.HOUSING]
