import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import Body, Membership


def test_cadence_dates_follow_the_rrule_in_copenhagen_time(body):
    after = timezone.make_aware(datetime.datetime(2026, 11, 24, 12, 0))
    dates = body.cadence_dates(after=after, count=3)
    assert [timezone.localtime(d).date() for d in dates] == [
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 5),
        datetime.date(2027, 2, 2),
    ]
    assert all(timezone.localtime(d).hour == 9 for d in dates)  # 09:00 local, winter and summer alike


def test_cadence_keeps_local_time_across_summer_time(body):
    after = timezone.make_aware(datetime.datetime(2027, 6, 1))
    june = body.cadence_dates(after=after, count=1)[0]
    assert timezone.localtime(june).hour == 9
    assert june.utcoffset() == datetime.timedelta(hours=2)


def test_ad_hoc_body_has_no_cadence_dates(db):
    body = Body(name="Kontaktgruppe", slug="k", kind=Body.Kind.CONTACT_GROUP, cadence_label="Ad hoc")
    body.full_clean()
    assert body.is_ad_hoc
    assert body.cadence_dates(after=timezone.now(), count=3) == []


def test_invalid_rrule_is_refused_in_danish(body):
    body.cadence_rrule = "FREQ=NOGLE-GANGE"
    with pytest.raises(ValidationError) as raised:
        body.full_clean()
    assert "Ugyldig RRULE" in str(raised.value.message_dict["cadence_rrule"])


def test_a_body_cannot_sit_under_itself(body):
    parent = body.parent
    parent.parent = body
    with pytest.raises(ValidationError, match="under sig selv"):
        parent.full_clean()


def test_membership_cannot_end_before_it_starts(membership):
    membership.end = membership.start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="før startdatoen"):
        membership.full_clean()


def test_stand_in_must_cover_a_member_of_the_same_body(membership, organisations):
    from coordination.models import Person

    trine = Person.objects.create(name="Trine Sander", organisation=organisations["BO-VEST"])
    stand_in = Membership(
        body=membership.body,
        person=trine,
        role=Membership.Role.STAND_IN,
        start=datetime.date(2026, 1, 1),
        stands_in_for=membership,
    )
    stand_in.full_clean()
    other = Body.objects.create(name="ABC", slug="abc", kind=Body.Kind.WORKING_GROUP, cadence_label="Kvartalsvis")
    stand_in.body = other
    with pytest.raises(ValidationError, match="samme organ"):
        stand_in.full_clean()


def test_current_and_former_memberships(membership):
    on = datetime.date(2026, 11, 24)
    assert list(Membership.objects.current(on)) == [membership]
    membership.end = datetime.date(2020, 1, 1)
    membership.save()
    assert list(Membership.objects.current(on)) == []
    assert list(Membership.objects.former(on)) == [membership]


def test_membership_role_is_shown_by_its_label_in_the_active_language():
    from django.utils import translation

    membership = Membership(role=Membership.Role.SECRETARIAT_REP)
    assert membership.get_role_display() == "Repræsentant i sekretariatet"
    with translation.override("en"):
        assert membership.get_role_display() == "Representative in the secretariat"
    assert Membership(role="ukendt").get_role_display() == "ukendt"
