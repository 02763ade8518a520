"""A body's member table, row by row."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coordination.models import Membership
from lib.templatetags.rows import csrf_input, day, iso_day, row_url

register = template.Library()


@register.simple_tag(takes_context=True)
def membership_rows(context, members, *, former: bool) -> SafeString:
    """Return the rows of the member table (coordination.selectors.Member): a name (linked for those who may open
    people), role, capacity, period, contact details for those who may see them and, for the secretariat, a form
    ending a current membership.

    Written here rather than by a template loop: a body such as ABC has fifty members, and the loop's tags and
    translations were most of the time its page took."""
    roles = {value: escape(str(label)) for value, label in Membership.Role.choices}
    can_open_people = context.get("can_open_people")
    can_see_contacts = context.get("can_see_contacts")
    can_end = context.get("can_manage") and not former
    on_leave = f' <span class="badge text-bg-warning">{escape(_("Orlov"))}</span>'
    end_label = escape(_("Afslut"))
    # Translated once here, not once a row.
    covering = _("for %(name)s")
    last_day_of = _("Sidste dag for %(name)s")
    last_day = iso_day(context.get("today"))
    csrf = csrf_input(context)
    rows = []
    for m in members:
        name = plain_name = escape(m.name)
        if can_open_people:
            name = f'<a href="{row_url(context, "coordination:person_detail", m.person_id)}">{plain_name}</a>'
        if m.on_leave:
            name += on_leave
        role = roles.get(m.role) or escape(m.role)
        if m.stands_in_for is not None:
            role += " (" + covering % {"name": escape(m.stands_in_for)} + ")"
        period = day(m.start) + (f" – {day(m.end)}" if m.end else "")
        contacts = ""
        if can_see_contacts:
            email = escape(m.email)
            email = f'<a href="mailto:{email}">{email}</a>' if email else ""
            phone = f"<br>{escape(m.phone)}" if m.phone else ""
            contacts = f"<td>{email}{phone}</td>"
        end = ""
        if can_end:
            label = last_day_of % {"name": plain_name}
            end = (
                "<td>\n"
                f'      <form method="post" action="{row_url(context, "coordination:membership_end", m.pk)}"'
                f' class="d-flex gap-1">{csrf}\n'
                f'        <label class="visually-hidden" for="slut-{m.pk}">{label}</label>\n'
                f'        <input type="date" id="slut-{m.pk}" name="end" value="{last_day}"'
                ' class="form-control form-control-sm" required>\n'
                f'        <button class="btn btn-sm btn-outline-danger" type="submit">{end_label}</button>\n'
                "      </form>\n"
                "    </td>"
            )
        rows.append(
            "\n  <tr>\n"
            f'    <th scope="row">{name}</th>\n'
            f"    <td>{role}</td>\n"
            f"    <td>{escape(m.capacity or m.organisation)}</td>\n"
            f"    <td>{period}</td>\n"
            f"    {contacts}\n"
            f"    {end}\n"
            "  </tr>"
        )
    return mark_safe("".join(rows))
