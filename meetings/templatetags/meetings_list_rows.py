"""The rows of the meetings' long lists (the overview, the decision register, one's own action items, the
notifications and a body's open action items) and the agenda items of a meeting's page and its minutes, written
here rather than by a template loop.

A template spends 15-20 µs on each node it renders, and a row of these lists has 20-40 of them, which made the
rows most of the time the pages took. Each tag writes what the loop it replaced wrote, character for character:
texts escaped as autoescape does, links by row_url and dates by the row helpers of lib.templatetags.rows, and the
words translated once a list instead of once a row."""

import html
import re

from django import template
from django.db.models import TextChoices
from django.template.defaultfilters import filesizeformat, timesince_filter
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from lib.templatetags.rows import RowDates, csrf_input, row_url
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting, Notification

register = template.Library()


def _text(value) -> str:
    """Return the value as {{ value }} writes a plain text: escaped."""
    return html.escape(str(value))


def _lines(text: str) -> str:
    """Return the text as {{ text|linebreaksbr }} writes it: escaped, each line break a <br>."""
    return html.escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


_PARAGRAPH_BREAK = re.compile("\n{2,}")


def _paragraphs(text: str) -> str:
    """Return the text as {{ text|linebreaks }} writes it: each paragraph escaped in a <p>, each line break a <br>.
    (Django's filter costs six times as much: lazy-text wrappers around every step.)"""
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join("<p>" + html.escape(paragraph).replace("\n", "<br>") + "</p>" for paragraph in paragraphs)


def _words(*texts: str) -> list[str]:
    """Return the texts as {% translate %} writes them: translated and escaped."""
    return [_text(gettext(text)) for text in texts]


def _when(condition, text: str) -> str:
    return text if condition else ""


OVERDUE_CLASS = ' class="row-overdue"'


def _item_link(context, meeting_id: int, item_id: int) -> str:
    """Return the address of the agenda item in its meeting's minutes."""
    return f"{row_url(context, 'meetings:minutes_detail', meeting_id)}#punkt-{item_id}"


@register.simple_tag(takes_context=True)
def notification_rows(context, notifications) -> SafeString:
    """Return the <li> of each of the user's notifications."""
    unread, emailed, open_, mark_read = _words("Ulæst", "sendt som e-mail", "Åbn", "Markér som læst")
    dates = RowDates()
    kinds = _labels(Notification.Kind)
    csrf = csrf_input(context)
    rows = []
    for notification in notifications:
        title = _text(notification.title)
        is_unread = not notification.read_at
        created = notification.created
        kind = kinds.get(notification.kind) or _text(notification.kind)
        badge = _when(is_unread, f'<span class="badge text-bg-primary me-1">{unread}</span>')
        text = _when(notification.text, f'<p class="mb-1">{_lines(notification.text)}</p>')
        open_button = _when(
            notification.link,
            f'<button type="submit" name="open" value="1" class="btn btn-sm btn-primary">{open_}'
            f'<span class="visually-hidden"> {title}</span></button>',
        )
        read_button = _when(
            is_unread,
            f'<button type="submit" class="btn btn-sm btn-outline-secondary">{mark_read}'
            f'<span class="visually-hidden"> {title}</span></button>',
        )
        rows.append(
            f'\n  <li class="list-group-item{_when(is_unread, " border-start border-4 border-primary")}">\n'
            '    <div class="d-flex flex-wrap justify-content-between gap-2">\n'
            "      <div>\n"
            f'        <h2 class="h6 mb-1">{badge}{title}</h2>\n'
            f"        {text}\n"
            f'        <p class="small text-body-secondary mb-0">{kind} ·\n'
            f'          <time datetime="{dates.iso_moment(created)}">{dates.day(created)} {dates.clock(created)}</time>'
            f"{_when(notification.emailed_at, f' · {emailed}')}</p>\n"
            "      </div>\n"
            f'      <form method="post" action="{row_url(context, "meetings:notification_read", notification.pk)}"'
            f' class="d-flex gap-2 align-items-start">{csrf}\n'
            f"        {open_button}\n"
            f"        {read_button}\n"
            "      </form>\n"
            "    </div>\n"
            "  </li>\n"
        )
    return mark_safe("".join(rows))


# The badge's colour by the meeting's status; any other status is shown in green.
_BADGE_CLASSES = {Meeting.Status.CANCELLED: "text-bg-danger", Meeting.Status.PLANNED: "text-bg-light border"}


@register.simple_tag
def status_badge(meeting) -> SafeString:
    """Return the badge with the meeting's status, for its page and the rows of the overview."""
    css = _BADGE_CLASSES.get(meeting.status, "text-bg-success")
    return mark_safe(f'<span class="badge {css}">{_text(meeting.get_status_display())}</span>')


@register.simple_tag(takes_context=True)
def meeting_rows(context, meetings) -> SafeString:
    """Return the <tr> of each meeting of the overview (meetings_overview_page)."""
    at, past = _words("kl.", "overstået")
    dates = RowDates()
    rows = []
    for meeting in meetings:
        starts_at = meeting.starts_at
        body = _when(meeting.title, f'<br><span class="small">{_text(meeting.body_name)}</span>')
        row_class = _when(meeting.is_past, ' class="text-body-secondary"')
        past_note = _when(meeting.is_past, f' <span class="visually-hidden">({past})</span>')
        rows.append(
            f"\n    <tr{row_class}>\n"
            f'      <td><time datetime="{dates.iso_moment(starts_at)}">'
            f"{dates.weekday_day(starts_at)}, {at} {dates.clock(starts_at)}</time>{past_note}</td>\n"
            f'      <th scope="row"><a href="{row_url(context, "meetings:meeting_detail", meeting.pk)}">'
            f"{_text(meeting.display_title)}</a>{body}</th>\n"
            f"      <td>{_text(meeting.place or '–')}</td>\n"
            # The line break the badge's include left in the cell.
            f"      <td>{status_badge(meeting)}\n</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def decision_rows(context, items) -> SafeString:
    """Return the <tr> of each decision of the register (DecisionRow)."""
    closed, case = _words("lukket", "Sagsnr.")
    dates = RowDates()
    kinds = _labels(AgendaItem.Kind)
    rows = []
    for item in items:
        starts_at = item.starts_at
        link = _item_link(context, item.meeting_id, item.pk)
        badge = _when(item.is_closed, f' <span class="badge text-bg-secondary">{closed}</span>')
        case_number = _when(item.case_number, f'<br><span class="small">{case} {_text(item.case_number)}</span>')
        rows.append(
            "\n    <tr>\n"
            f'      <td><time datetime="{dates.iso_day(starts_at)}">{dates.day(starts_at)}</time></td>\n'
            f"      <td>{_text(item.body_name)}</td>\n"
            f'      <th scope="row"><a href="{link}">{item.position}. {_text(item.title)}</a>'
            f"{badge}{case_number}</th>\n"
            f"      <td>{kinds.get(item.kind) or _text(item.kind)}</td>\n"
            f"      <td>{_lines(item.decision)}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def open_action_rows(context, actions) -> SafeString:
    """Return the <tr> of each of a body's open action items (open_action_items_for_body)."""
    (overdue_badge,) = _words("Overskredet")
    dates = RowDates()
    statuses = _labels(ActionItem.Status)
    today = timezone.localdate()
    rows = []
    for action in actions:
        overdue = action.due < today
        meeting = "–"
        if action.item_id:
            link = _item_link(context, action.item_meeting_id, action.item_id)
            meeting = f'<a href="{link}">{dates.day(action.item_meeting_starts_at)}</a>'
        late = _when(overdue, f' <strong class="badge text-bg-danger">{overdue_badge}</strong>')
        rows.append(
            f"\n      <tr{_when(overdue, OVERDUE_CLASS)}>\n"
            f'        <th scope="row">{_text(action.title)}</th>\n'
            f"        <td>{_text(action.owner_name)}</td>\n"
            f'        <td><time datetime="{dates.iso_day(action.due)}">{dates.day(action.due)}</time>'
            f"{late}</td>\n"
            f"        <td>{statuses.get(action.status) or _text(action.status)}</td>\n"
            f"        <td>{meeting}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def my_action_rows(context, actions, today) -> SafeString:
    """Return the <tr> of each of the user's own action items (MyAction), each with its status form."""
    (save,) = _words("Gem")
    dates = RowDates()
    csrf = csrf_input(context)
    next_url = _text(context.request.get_full_path())
    choices = ActionItem.Status.choices

    def options(status: str) -> str:
        return "".join(
            f'<option value="{_text(value)}"{_when(value == status, " selected")}>{_text(label)}</option>'
            for value, label in choices
        )

    options_by_status = {status: options(status) for status in ActionItem.Status.values}
    rows = []
    for action in actions:
        overdue = action.status in ActionItem.OPEN_STATUSES and action.due < today
        title = _text(action.title)
        description = _when(action.description, f'<div class="small fw-normal">{_lines(action.description)}</div>')
        meeting = ""
        if action.item_id:
            link = _item_link(context, action.meeting_id, action.item_id)
            text = gettext("Møde %(date)s, punkt %(position)s") % {
                "date": dates.day(action.meeting_starts_at),
                "position": action.item_position,
            }
            meeting = f'<br><a href="{link}">{text}</a>'
        late = ""
        if overdue:
            days = gettext("Overskredet (%(days)s)") % {"days": _text(timesince_filter(action.due, today))}
            late = f'<br><strong class="badge text-bg-danger">{days}</strong>'
        label = gettext("Status for %(title)s") % {"title": title}
        rows.append(
            f"\n    <tr{_when(overdue, OVERDUE_CLASS)}>\n"
            f'      <th scope="row">{title}{description}</th>\n'
            f"      <td>{_text(action.body_name)}{meeting}</td>\n"
            f'      <td><time datetime="{dates.iso_day(action.due)}">{dates.day(action.due)}</time>{late}</td>\n'
            "      <td>\n"
            f'        <form method="post" action="{row_url(context, "meetings:action_status", action.pk)}"'
            f' class="d-flex gap-2 align-items-center">{csrf}\n'
            f'          <input type="hidden" name="next" value="{next_url}">\n'
            f'          <label for="status-{action.pk}" class="visually-hidden">{label}</label>\n'
            f'          <select id="status-{action.pk}" name="status" class="form-select form-select-sm w-auto">'
            f"{options_by_status.get(action.status) or options(action.status)}</select>\n"
            f'          <button type="submit" class="btn btn-sm btn-outline-primary">{save}'
            f'<span class="visually-hidden"> {title}</span></button>\n'
            "        </form>\n"
            "      </td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))


def _detail(condition, term: str, value) -> str:
    """Return a <dt> and <dd> pair of an agenda item's details, or nothing when `condition` is false."""
    return _when(condition, f'<dt class="col-sm-3">{term}</dt><dd class="col-sm-9">{value}</dd>')


def _minutes(minutes: int) -> str:
    """Return the item's time as {% blocktranslate count %} writes it: »1 minut«, »20 minutter«."""
    return ngettext("%(minutes)s minut", "%(minutes)s minutter", minutes) % {"minutes": _text(localize(minutes))}


@register.simple_tag(takes_context=True)
def agenda_item_blocks(context, items, manage: bool) -> SafeString:
    """Return the <article> of each agenda item of a meeting's page (agenda_items_for_user), with the secretariat's
    buttons and forms when `manage` (the secretariat, while the agenda is open)."""
    closed, presenter, time, case, background, recommendation = _words(
        "Lukket punkt", "Fremlægges af", "Tid", "Sagsnummer", "Sagsfremstilling", "Indstilling"
    )
    kinds = _labels(AgendaItem.Kind)
    csrf = csrf_input(context)
    items = list(items)
    blocks = []
    for number, item in enumerate(items):
        pk, title = item.pk, _text(item.title)
        closed_badge = _when(item.is_closed, f' <span class="badge text-bg-dark">{closed}</span>')
        has_presenter = item.presenter_name is not None
        texts = _when(item.background, f'<h4 class="h6">{background}</h4>{_paragraphs(item.background)}')
        advice = _when(item.recommendation, f'<h4 class="h6">{recommendation}</h4>{_paragraphs(item.recommendation)}')
        buttons = _item_buttons(context, item, csrf, first=number == 0, last=number == len(items) - 1) if manage else ""
        blocks.append(
            f'\n  <article id="punkt-{pk}" class="border rounded p-3 mb-3" aria-labelledby="punkt-{pk}-titel">\n'
            f'  <h3 id="punkt-{pk}-titel" class="h5">{item.position}. {title}</h3>\n'
            f'  <p class="mb-2"><span class="badge text-bg-secondary">{kinds.get(item.kind) or _text(item.kind)}</span>'
            f"{closed_badge}</p>\n"
            '  <dl class="row small mb-2">\n'
            f"    {_detail(has_presenter, presenter, _text(item.presenter_name) if has_presenter else '')}\n"
            f"    {_detail(item.minutes_allotted, time, _minutes(item.minutes_allotted or 0))}\n"
            f"    {_detail(item.case_number, case, _text(item.case_number))}\n"
            "  </dl>\n"
            f"  {texts}\n"
            f"  {advice}\n"
            f"  {_attachment_list(context, item.attachments, csrf, manage=manage)}\n"
            f"  {buttons}\n"
            "</article>\n  "
        )
    return mark_safe("".join(blocks))


def _attachment_list(context, attachments, csrf: str, *, manage: bool) -> str:
    """Return an agenda item's list of attachments (AgendaAttachment), each with its delete form when `manage`."""
    rows = []
    for attachment in attachments:
        name = _text(attachment.name)
        delete = ""
        if manage:
            label = gettext("Slet bilaget %(attachment)s") % {"attachment": name}
            delete = (
                f'<form method="post" action="{row_url(context, "meetings:attachment_delete", attachment.pk)}"'
                f' class="d-inline">{csrf}\n'
                f'        <button type="submit" class="btn btn-link btn-sm p-0 align-baseline">{label}</button></form>'
            )
        rows.append(
            f'\n    <li><a href="{row_url(context, "meetings:attachment_download", attachment.pk)}">{name}</a>'
            f' <span class="small text-body-secondary">({_text(filesizeformat(attachment.size))})</span>\n'
            f"      {delete}</li>\n  "
        )
    if not rows:
        return ""
    (heading,) = _words("Bilag")
    return f'\n  <h4 class="h6">{heading}</h4>\n  <ul>{"".join(rows)}</ul>\n  '


def _item_buttons(context, item, csrf: str, *, first: bool, last: bool) -> str:
    """Return the secretariat's buttons under an agenda item: edit, add an attachment, move and delete."""
    edit, add, to, up, down, delete = _words("Rediger", "Tilføj bilag", "til", "Flyt op", "Flyt ned", "Slet punkt")
    hidden = f'<span class="visually-hidden"> {_text(item.title)}</span>'
    move = row_url(context, "meetings:item_move", item.pk)

    def move_form(direction: str, label: str) -> str:
        return (
            f'<form method="post" action="{move}">{csrf}<input type="hidden" name="retning" value="{direction}">\n'
            f'      <button type="submit" class="btn btn-sm btn-outline-secondary">{label}{hidden}</button></form>'
        )

    return (
        '\n  <div class="d-flex flex-wrap gap-2 mt-2">\n'
        f'    <a class="btn btn-sm btn-outline-primary" href="{row_url(context, "meetings:item_edit", item.pk)}">'
        f"{edit}{hidden}</a>\n"
        '    <a class="btn btn-sm btn-outline-primary"'
        f' href="{row_url(context, "meetings:attachment_upload", item.pk)}">{add}'
        f'<span class="visually-hidden"> {to} {_text(item.title)}</span></a>\n'
        f"    {_when(not first, move_form('op', up))}\n"
        f"    {_when(not last, move_form('ned', down))}\n"
        f'    <form method="post" action="{row_url(context, "meetings:item_delete", item.pk)}">{csrf}\n'
        f'      <button type="submit" class="btn btn-sm btn-outline-danger">{delete}{hidden}</button></form>\n'
        "  </div>\n  "
    )


def _labels(choices: type[TextChoices], *, lower: bool = False) -> dict[str, str]:
    """Return the escaped label of each choice, translated once a list instead of once a row."""
    return {value: _text(str(label).lower() if lower else label) for value, label in choices.choices}


@register.simple_tag(takes_context=True)
def minutes_item_blocks(context, items, sending_on, manage: bool, editable: bool) -> SafeString:
    """Return the <article> of each agenda item of the minutes (minutes_items_for_user): its minutes, decision,
    where it was sent on to and its action items, with the secretariat's buttons when `manage` (sending an item on
    when `sending_on` names a parent body)."""
    closed, case, recommendation, minutes, decision, actions_title = _words(
        "Lukket punkt", "Sagsnr.", "Indstilling", "Referat", "Beslutning", "Opgaver"
    )
    kinds = _labels(AgendaItem.Kind)
    action_list = _action_list(context, manage=manage)
    buttons = _minutes_buttons(context, sending_on, editable=editable)
    blocks = []
    for item in items:
        pk, title = item.pk, _text(item.title)
        closed_note = _when(item.is_closed, f" · <strong>{closed}</strong>")
        case_note = _when(item.case_number, f" · {case} {_text(item.case_number)}")
        advice = _when(
            item.recommendation,
            f'<h4 class="h6">{recommendation}</h4><div>{_paragraphs(item.recommendation)}</div>',
        )
        sent_on = "".join(
            '<p class="small">'
            + gettext("Sendt videre til %(meeting)s (punkt %(position)s).")
            % {"meeting": _text(label), "position": position}
            + "</p>"
            for label, position in item.sent_on
        )
        actions = action_list(item.actions)
        action_block = _when(actions, f'\n  <h4 class="h6">{actions_title}</h4>\n  <ul>{actions}</ul>\n  ')
        blocks.append(
            f'\n<article id="punkt-{pk}" aria-labelledby="punkt-{pk}-titel" class="border rounded p-3 mb-3">\n'
            f'  <h3 id="punkt-{pk}-titel" class="h5">{item.position}. {title}</h3>\n'
            f'  <p class="small mb-2">{kinds.get(item.kind, _text(item.kind))}{closed_note}{case_note}</p>\n'
            f"  {advice}\n"
            f'  <h4 class="h6">{minutes}</h4><div>{_paragraphs(item.minutes or "–")}</div>\n'
            f'  <h4 class="h6">{decision}</h4><div class="border-start border-3 border-success ps-2">'
            f"{_paragraphs(item.decision or '–')}</div>\n"
            f"  {sent_on}\n"
            f"  {action_block}\n"
            f"  {buttons(item) if manage else ''}\n"
            "</article>\n"
        )
    return mark_safe("".join(blocks))


def _action_list(context, *, manage: bool):
    """Return a function that writes the <li> of each of an agenda item's action items (MinutesAction), with its
    edit link when `manage`."""
    due, overdue_badge, edit = _words("frist", "Overskredet", "Rediger")
    dates = RowDates()
    statuses = _labels(ActionItem.Status, lower=True)
    today = timezone.localdate()

    def rows(actions) -> str:
        lines = []
        for action in actions:
            title = _text(action.title)
            overdue = action.status in ActionItem.OPEN_STATUSES and action.due < today
            late = _when(overdue, f' <strong class="badge text-bg-danger">{overdue_badge}</strong>')
            link = _when(
                manage,
                f' · <a href="{row_url(context, "meetings:action_edit", action.pk)}">{edit}'
                f'<span class="visually-hidden"> {title}</span></a>',
            )
            lines.append(
                f"<li>{title} – {_text(action.owner_name)}, {due} {dates.day(action.due)}"
                f" ({statuses.get(action.status) or _text(action.status.lower())}){late}{link}</li>"
            )
        return "".join(lines)

    return rows


def _minutes_buttons(context, sending_on, *, editable: bool):
    """Return a function that writes the secretariat's buttons under an item of the minutes: write, add an action
    item, send on (to the parent body `sending_on` names, if any)."""
    write, new_action = _words("Skriv referat og beslutning", "Ny opgave")
    csrf = csrf_input(context)
    send_on = sending_on and gettext("Send videre til %(parent)s") % {"parent": _text(sending_on.parent_name)}

    def buttons(item) -> str:
        hidden = f'<span class="visually-hidden"> {_text(item.title)}</span>'
        forward = ""
        if send_on:
            forward = (
                f'\n    <form method="post" action="{row_url(context, "meetings:item_forward", item.pk)}">{csrf}\n'
                f'      <button type="submit" class="btn btn-sm btn-outline-secondary">{send_on}{hidden}</button>\n'
                "    </form>\n    "
            )
        write_link = _when(
            editable,
            f'<a class="btn btn-sm btn-primary" href="{row_url(context, "meetings:minutes_item_edit", item.pk)}">'
            f"{write}{hidden}</a>",
        )
        return (
            '\n  <div class="d-flex flex-wrap gap-2 mt-2">\n'
            f"    {write_link}\n"
            '    <a class="btn btn-sm btn-outline-primary"'
            f' href="{row_url(context, "meetings:action_create", item.pk)}">{new_action}{hidden}</a>\n'
            f"    {forward}\n"
            "  </div>\n  "
        )

    return buttons


def _invitation_rows(invitees, *, guest: bool) -> list[str]:
    """Return each invitee's <tr> (meeting_invitees): name, organisation (a guest's role and item), reply and
    attendance."""
    attended, absent = _words("Deltog", "Deltog ikke")
    replies = _labels(Invitation.Reply)
    rows = []
    for invitee in invitees:
        if guest:
            about = _text(invitee.guest_role)
            if invitee.item_position is not None:
                about += f" ({gettext('punkt %(position)s') % {'position': invitee.item_position}})"
        else:
            about = _text(invitee.organisation)
        attendance = "–" if invitee.attended is None else attended if invitee.attended else absent
        rows.append(
            "<tr>\n"
            f'  <th scope="row">{_text(invitee.name)}</th>\n'
            f"  <td>{about}</td>\n"
            f"  <td>{replies.get(invitee.reply) or _text(invitee.reply)}</td>\n"
            f"  <td>{attendance}</td>\n"
            "</tr>\n"
        )
    return rows


@register.simple_tag
def member_rows(invitees) -> SafeString:
    """Return the <tr> of each invited member of a meeting's page (meeting_invitees, members)."""
    return mark_safe("".join(row + "\n    " for row in _invitation_rows(invitees, guest=False)))


@register.simple_tag
def guest_rows(invitees) -> SafeString:
    """Return the <tr> of each ad hoc guest of a meeting's page (meeting_invitees, guests)."""
    return mark_safe("".join(_invitation_rows(invitees, guest=True)))
