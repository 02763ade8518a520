"""The rows of the steering dialogue's longer tables and lists (the estates list, the agreement's goals, and the
round page's stages and largest deviations), written here rather than by a template loop.

A template spends 5-15 µs on each node it renders, and these rows have 5-10 of them: a page of a hundred estates
took several milliseconds for its rows alone, and the stages were a quarter of the round page's nodes. Each tag
writes what the loop it replaced wrote: texts escaped as autoescape does, links by row_url, dates by the row helpers
of lib.templatetags.rows, numbers as {{ value }} writes them and the words translated once a list."""

import html
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lib.templatetags.rows import csrf_input, day, iso_day, row_url

register = template.Library()


def _text(value) -> str:
    """Return the value as {{ value }} writes a plain text: escaped."""
    return html.escape(str(value))


def _numbers():
    """Return a function writing a whole number or a Decimal as {{ value }} does in the active language.

    Without thousand separators (the portal's setting) localize() only puts the language's decimal separator in
    place of the point, at a tenth of localize()'s cost."""
    if settings.USE_THOUSAND_SEPARATOR:
        return localize
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value: int | Decimal) -> str:
        return str(value) if isinstance(value, int) else f"{value:f}".replace(".", separator)

    return number


@register.simple_tag(takes_context=True)
def estate_rows(context, estates) -> SafeString:
    """Return the <tr> of each estate of the estates list (dialogue.selectors.estate_list_rows)."""
    number = _numbers()
    demo = f' <span class="badge text-bg-warning">{_text(gettext("demo"))}</span>'
    return mark_safe(
        "".join(
            f"\n      <tr><td>{_text(estate.number)}</td>"
            f'<th scope="row"><a href="{row_url(context, "dialogue:estate_detail", estate.pk)}">'
            f"{_text(estate.name)}</a>{demo if estate.is_demo else ''}</th>\n"
            f'        <td>{_text(estate.address)}</td><td class="text-end">{number(estate.units)}</td>'
            f'<td class="text-end">{number(estate.area_m2)}</td>'
            f'<td class="text-end">{number(estate.year_built)}</td></tr>'
            for estate in estates
        )
    )


@register.simple_tag(takes_context=True)
def flag_rows(context, flags) -> SafeString:
    """Return the <tr> of each of the round page's key figures deviating from the benchmark (selectors.Flag)."""
    number = _numbers()
    return mark_safe(
        "".join(
            f'\n      <tr><th scope="row"><a href="{row_url(context, "dialogue:estate_detail", flag.estate_id)}">'
            f"{_text(flag.estate_name)}</a></th><td>{_text(flag.measure.label)}</td>\n"
            f'        <td class="text-end">{number(flag.value)}</td><td class="text-end">{number(flag.benchmark)}</td>'
            f'<td class="text-end">{number(flag.deviation_percent)} %</td></tr>'
            for flag in flags
        )
    )


@register.simple_tag
def stage_rows(round) -> SafeString:
    """Return the <li> of each stage of the round (DialogueRound.stage_steps) with its deadline, marked as done or
    current."""
    deadline, done, current = (_text(gettext(word)) for word in ("frist", "gennemført", "aktuel"))
    rows = []
    for step in round.stage_steps():
        label = _text(step["stage"].label)
        if step["state"] == "current":
            opening = (
                '<li class="list-group-item d-flex justify-content-between list-group-item-primary" '
                f'aria-current="step">\n      <span>{label} <span class="badge text-bg-primary">{current}</span></span>'
            )
        else:
            badge = f' <span class="badge text-bg-success">{done}</span>' if step["state"] == "done" else ""
            opening = f'<li class="list-group-item d-flex justify-content-between">\n      <span>{label}{badge}</span>'
        date = step["deadline"]
        rows.append(
            f"\n    {opening}\n"
            f'      <span>{deadline} <time datetime="{iso_day(date)}">{day(date)}</time></span>\n'
            "    </li>"
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def goal_rows(context, goals, *, manage: bool, editable: bool = False, status_choices=()) -> SafeString:
    """Return the <tr> of each of the agreement's goals (selectors.round_goals); for the secretariat (`manage`) with
    the form setting its status to one of `status_choices`, and while the agreement is `editable` a link to edit it."""
    status, save, edit = (_text(gettext(word)) for word in ("Status", "Gem", "Rediger"))
    carried = gettext("Videreført fra %(y)s")
    csrf = csrf_input(context) if manage else ""
    choices = [(value, _text(value), _text(label)) for value, label in status_choices]
    rows = []
    for goal in goals:
        note = ""
        if goal.carried_from_id:
            year = _text(goal.carried_from_year)
            note = f'<br><span class="small text-body-secondary">{carried % {"y": year}}</span>'
        follow_up = ""
        if manage:
            options = "".join(
                f'<option value="{text}"{" selected" if value == goal.status else ""}>{label}</option>'
                for value, text, label in choices
            )
            link = f'<a href="{row_url(context, "dialogue:goal_edit", goal.pk)}">{edit}</a>' if editable else ""
            follow_up = (
                "\n    <td>\n"
                f'      <form method="post" action="{row_url(context, "dialogue:goal_status", goal.pk)}" '
                f'class="d-flex gap-1">{csrf}\n'
                f'        <label class="visually-hidden" for="status-{goal.pk}">{status}</label>\n'
                f'        <select id="status-{goal.pk}" name="status" class="form-select form-select-sm">{options}'
                "</select>\n"
                f'        <button type="submit" class="btn btn-sm btn-outline-primary">{save}</button>\n'
                "      </form>\n"
                f"      {link}\n"
                "    </td>"
            )
        rows.append(
            "\n  <tr>\n"
            f"    <td>{_text(goal.get_theme_display())}</td>\n"
            f"    <td>{_text(goal.measure)}</td>\n"
            f"    <td>{_text(goal.target)}{note}</td>\n"
            f"    <td>{day(goal.deadline)}</td>\n"
            f"    <td>{_text(goal.get_responsible_display())}</td>\n"
            f"    <td>{_text(goal.get_status_display())}</td>{follow_up}\n"
            "  </tr>"
        )
    return mark_safe("".join(rows))
