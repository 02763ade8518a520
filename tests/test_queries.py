"""lib.queries.CompiledQuery: compiled once, it gives each key the rows values_list() gives."""

import datetime

import pytest

from coordination.models import Membership, Person
from lib.queries import CompiledQuery


def test_a_compiled_query_gives_each_key_the_rows_of_the_orm(body, membership, organisations):
    other = Person.objects.create(name="Bo Hansen", organisation=organisations["KAB"])
    Membership.objects.create(body=body.parent, person=other, start=datetime.date(2020, 3, 1))

    def memberships(body_id):
        return Membership.objects.filter(body_id=body_id).values_list("person__name", "start", "end", "on_leave")

    compiled = CompiledQuery(memberships)
    for key in [body.pk, body.parent_id, 999999]:
        assert compiled.rows(key) == list(memberships(key))
    assert compiled.rows(body.parent_id) == [("Bo Hansen", datetime.date(2020, 3, 1), None, False)]


def test_a_query_with_another_parameter_is_refused(db):
    compiled = CompiledQuery(
        lambda body_id: Membership.objects.filter(body_id=body_id, role="formand").values_list("pk")
    )
    with pytest.raises(ValueError, match="only parameter"):
        compiled.rows(1)


def test_a_compiled_query_without_a_key_gives_the_rows_of_the_orm(body):
    from coordination.models import Body

    compiled = CompiledQuery(lambda _key: Body.objects.values_list("slug", "parent_id"))
    assert compiled.rows() == [("intern-styregruppe", None), ("sekretariat", body.parent_id)]
