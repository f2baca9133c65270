"""Dates: aware datetimes in, aware datetimes out."""

from datetime import datetime, timedelta, timezone

import pytest

import qalam
from conftest import KZ, when


def test_format_date_uses_the_datetimes_own_offset():
    dt = datetime(2026, 2, 13, 10, 30, tzinfo=KZ)
    assert qalam.format_date(dt, "dd.MM.y HH:mm") == "13.02.2026 10:30"
    # the same instant in UTC
    assert qalam.format_date(dt.astimezone(timezone.utc), "HH:mm") == "05:30"
    assert qalam.format_date(dt, "d MMMM y", "ru") == "13 февраля 2026"
    assert qalam.format_date(dt, "LLLL y", "ru") == "февраль 2026"
    assert qalam.format_date(dt, "EEEE", "kk") == "жұма"


def test_naive_datetimes_are_refused_everywhere(store):
    naive = datetime(2026, 2, 13, 10, 30)
    calls = [
        lambda: qalam.format_date(naive, "y"),
        lambda: qalam.format_date_style(naive),
        lambda: qalam.format_relative(naive),
        lambda: qalam.format_relative(when(), now=naive),
        lambda: qalam.format_rfc822(naive),
        lambda: qalam.format_rfc3339(naive),
        lambda: store.add_article(title="x", published=naive),
        lambda: store.since(naive),
        lambda: store.articles(now=naive),
    ]
    for call in calls:
        with pytest.raises(qalam.InvalidInput, match="naive"):
            call()


def test_non_datetimes_are_type_errors():
    with pytest.raises(TypeError):
        qalam.format_date("2026-02-13", "y")
    with pytest.raises(TypeError):
        qalam.format_date(datetime(2026, 1, 1).date(), "y")


def test_offsets_must_be_whole_minutes():
    odd = timezone(timedelta(hours=5, seconds=30))
    with pytest.raises(qalam.InvalidInput, match="minutes"):
        qalam.format_date(datetime(2026, 1, 1, tzinfo=odd), "y")


def test_fractions_of_a_second_round_down():
    dt = datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc)
    assert qalam.format_rfc3339(dt) == "1969-12-31T23:59:59Z"


def test_styles():
    dt = when()
    assert qalam.format_date_style(dt, "short", "ru") == "13.02.2026"
    assert qalam.format_date_style(dt, "long") == "February 13, 2026"
    assert qalam.format_date_style(dt, "full") == "Friday, February 13, 2026"
    assert qalam.date_style_pattern("long", "ru") == "d MMMM y 'г'."
    with pytest.raises(qalam.InvalidInput, match="style"):
        qalam.format_date_style(dt, "huge")
    with pytest.raises(qalam.InvalidInput):
        qalam.date_style_pattern("long", "de")


def test_format_relative():
    now = when()
    assert qalam.format_relative(now - timedelta(hours=3), now) == \
        "3 hours ago"
    assert qalam.format_relative(now + timedelta(days=2), now) == "in 2 days"
    assert qalam.format_relative(now - timedelta(minutes=21), now, "ru") == \
        "21 минуту назад"
    assert qalam.format_relative(now - timedelta(hours=3), now, "kk") == \
        "3 сағат бұрын"
    # default now is the current time
    assert qalam.format_relative(
        datetime.now(timezone.utc) - timedelta(days=3)) == "3 days ago"


def test_rfc_formats():
    dt = when()
    assert qalam.format_rfc822(dt) == "Fri, 13 Feb 2026 10:30:00 +0500"
    assert qalam.format_rfc3339(dt) == "2026-02-13T10:30:00+05:00"
    assert qalam.format_rfc3339(dt.astimezone(timezone.utc)) == \
        "2026-02-13T05:30:00Z"


def test_parse_date_keeps_the_written_offset():
    dt = qalam.parse_date("2026-02-13T10:30:00+05:00")
    assert dt == when() and dt.utcoffset() == timedelta(hours=5)
    assert qalam.parse_date("2026-02-13T10:30:15.25Z") == \
        datetime(2026, 2, 13, 10, 30, 15, tzinfo=timezone.utc)


def test_parse_date_without_offset_is_utc_unless_told():
    dt = qalam.parse_date("13.02.2026")
    assert dt == datetime(2026, 2, 13, tzinfo=timezone.utc)
    assert dt.tzinfo is timezone.utc
    kz = qalam.parse_date("13.02.2026", default_offset=timedelta(hours=5))
    assert kz == datetime(2026, 2, 13, tzinfo=KZ)
    assert kz.utcoffset() == timedelta(hours=5)
    assert qalam.parse_date("2026-02-13", default_offset=300) == kz


def test_parse_date_with_pattern():
    assert qalam.parse_date("13/02/2026 10:30", "dd/MM/yyyy HH:mm") == \
        datetime(2026, 2, 13, 10, 30, tzinfo=timezone.utc)
    with pytest.raises(qalam.InvalidInput):
        qalam.parse_date("13 Feb 2026", "d MMM y")


@pytest.mark.parametrize("text", [
    "31.02.2026", "2026-02-13T24:00", "2026-02-13 trailing", "", "\udc80",
    "13.02.2026\0", "0000-01-01"])
def test_parse_date_invalid(text):
    with pytest.raises(qalam.InvalidInput):
        qalam.parse_date(text)


def test_range_limits():
    first = qalam.parse_date("0001-01-01T00:00:00Z")
    last = qalam.parse_date("9999-12-31T23:59:59Z")
    assert qalam.format_rfc3339(first) == "0001-01-01T00:00:00Z"
    assert qalam.format_rfc3339(last) == "9999-12-31T23:59:59Z"
    with pytest.raises(qalam.InvalidInput):
        qalam.parse_date("0001-01-01T00:00:00+05:00")  # year 0 in UTC
    with pytest.raises(qalam.InvalidInput, match="xx"):
        qalam.format_date(when(), "y", "xx")
    with pytest.raises(qalam.InvalidInput):
        qalam.format_date(when(), "y Q")  # Q is no pattern letter
