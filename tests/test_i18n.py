"""Danish first, English second: language switch, Danish dates and time zone, a complete English translation."""

import ast
import datetime
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

LOCALE_EN = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_start_page_is_danish_by_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="da">' in html
    assert ">Organisation</a>" in html
    assert "Spring til indhold" in html
    assert "Log ind" in html


def test_browser_language_alone_does_not_switch_to_english(client, db):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="da">' in html


def test_language_switch_turns_the_start_page_english(client, db):
    response = client.post("/sprog/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Log in" in html
    assert "Spring til indhold" not in html


def test_language_switch_back_to_danish(client, db):
    client.post("/sprog/", {"language": "en", "next": "/"})
    client.post("/sprog/", {"language": "da", "next": "/"})
    assert '<html lang="da">' in client.get("/").content.decode()


def test_body_page_shows_dates_the_danish_way(client, membership):
    membership.start = datetime.date(2009, 2, 3)
    membership.save()
    html = client.get("/organer/sekretariat/").content.decode()
    assert "3. februar 2009" in html


def test_body_page_in_english_names_the_month_in_english(client, membership):
    membership.start = datetime.date(2009, 2, 3)
    membership.save()
    client.post("/sprog/", {"language": "en", "next": "/"})
    html = client.get("/organer/sekretariat/").content.decode()
    assert "February 2009" in html
    assert "Current members" in html


def test_times_are_shown_in_copenhagen_time():
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.USE_TZ
    winter = datetime.datetime(2009, 2, 3, 8, 0, tzinfo=datetime.UTC)
    summer = datetime.datetime(2009, 6, 3, 8, 0, tzinfo=datetime.UTC)
    with translation.override("da"):
        template = Template('{{ w|date:"j. F Y H.i" }} / {{ s|date:"H.i" }}')
        rendered = template.render(Context({"w": winter, "s": summer}))
    assert rendered == "3. februar 2009 09.00 / 10.00"
    assert timezone.get_current_timezone_name() == "Europe/Copenhagen"


def parse_po(path: Path) -> list[dict]:
    """Return the entries of a .po file: context, msgid, plural, msgstr list and flags (obsolete ones left out)."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None and not entry["obsolete"]:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": []}
            entry |= {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line):
            keyword, text = match.group(1), ast.literal_eval(match.group(2))
            if keyword.startswith("msgstr"):
                entry["msgstr"].append(text)
                field = ("msgstr", len(entry["msgstr"]) - 1)
            else:
                entry[keyword] = text
                field = (keyword, None)
        elif line.startswith('"') and field is not None:
            text = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
    return entries


def test_english_translation_is_complete_and_not_fuzzy():
    entries = [entry for entry in parse_po(LOCALE_EN / "django.po") if entry["msgid"]]
    assert len(entries) > 100
    untranslated = [entry["msgid"] for entry in entries if not all(entry["msgstr"])]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert not untranslated, f"Uoversat i locale/en: {untranslated[:10]}"
    assert not fuzzy, f"Fuzzy i locale/en: {fuzzy[:10]}"


def test_compiled_english_catalogue_matches_the_po_file():
    with (LOCALE_EN / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in parse_po(LOCALE_EN / "django.po"):
        if not entry["msgid"]:
            continue
        context = entry["msgctxt"]
        if entry["msgid_plural"] is None:
            args = (entry["msgid"],)
            translated = catalogue.pgettext(context, *args) if context else catalogue.gettext(*args)
            expected = entry["msgstr"][0]
        else:
            args = (entry["msgid"], entry["msgid_plural"], 2)
            translated = catalogue.npgettext(context, *args) if context else catalogue.ngettext(*args)
            expected = entry["msgstr"][1]
        if translated != expected:
            stale.append(entry["msgid"])
    assert not stale, f"django.mo er ikke kompileret igen efter ændringer i django.po: {stale[:10]}"


def test_every_text_marked_for_translation_is_in_the_english_catalogue(tmp_path):
    """Run makemessages on a copy of the code (needs gettext) and compare with the committed catalogue."""
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "*cache*", "*.egg-info", "test-artifacts", "static"),
    )
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "albertslund_bolig.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    committed = {(entry["msgctxt"], entry["msgid"]) for entry in parse_po(LOCALE_EN / "django.po")}
    current = {(entry["msgctxt"], entry["msgid"]) for entry in parse_po(copy / "locale/en/LC_MESSAGES/django.po")}
    missing = sorted(msgid for _, msgid in current - committed)
    assert not missing, (
        "Nye tekster mangler engelsk oversættelse. Kør makemessages, oversæt og compilemessages "
        f"(docs/deploy.md, »Sprog«): {missing[:10]}"
    )
