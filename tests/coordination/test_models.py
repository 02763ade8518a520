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


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU", datetime.datetime(2009, 2, 3, 9, 0)),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", datetime.datetime(2009, 2, 11, 13, 0)),
        ("FREQ=YEARLY;BYMONTH=11;BYDAY=3TH", datetime.datetime(2009, 11, 19, 17, 0)),
        ("FREQ=MONTHLY", datetime.datetime(2012, 1, 31, 10, 0)),  # the 31st: months without one are skipped
        ("FREQ=YEARLY", datetime.datetime(2012, 2, 29, 10, 0)),  # leap day
        ("RRULE:FREQ=MONTHLY;INTERVAL=2", datetime.datetime(2011, 5, 30, 8, 15)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", datetime.datetime(2010, 3, 4, 14, 0)),
        ("FREQ=WEEKLY;INTERVAL=3;WKST=SU", datetime.datetime(2010, 3, 6, 14, 0)),
        ("FREQ=DAILY;INTERVAL=9", datetime.datetime(2015, 6, 1, 7, 30)),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", datetime.datetime(2013, 4, 17, 12, 0)),
        ("FREQ=MONTHLY;COUNT=100", datetime.datetime(2010, 1, 15, 12, 0)),
        ("FREQ=MONTHLY;UNTIL=20261015T000000", datetime.datetime(2010, 1, 15, 12, 0)),
        ("FREQ=HOURLY;INTERVAL=700", datetime.datetime(2020, 1, 1, 0, 0)),
    ],
)
def test_cadence_dates_are_those_of_the_whole_rule_walked_from_its_start(rule, start):
    from dateutil.rrule import rrulestr

    body = Body(name="Organ", slug="organ", cadence_rrule=rule, cadence_start=timezone.make_aware(start))
    whole_rule = rrulestr(rule, dtstart=start)
    for year in range(2008, 2032):
        for month, day in [(1, 31), (2, 1), (3, 17), (6, 28), (10, 3), (12, 30)]:
            after = datetime.datetime(year, month, day, 18, 0)
            expected = [timezone.make_aware(moment) for moment in whole_rule.xafter(after, count=4)]
            assert body.cadence_dates(after=timezone.make_aware(after), count=4) == expected, after
