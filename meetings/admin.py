from django.contrib import admin

from meetings.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    CalendarToken,
    Invitation,
    Meeting,
    MinutesApproval,
    MinutesRevision,
    Notification,
    NotificationPreference,
    Reminder,
    ReminderPolicy,
)


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "kind", "is_closed", "presenter", "minutes_allotted", "case_number"]
    autocomplete_fields = ["presenter"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["person", "is_guest", "guest_role", "item", "reply", "attended"]
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["display_title", "body", "starts_at", "status", "case_number", "is_demo"]
    list_filter = ["status", "body", "is_demo"]
    search_fields = ["title", "body__name", "case_number"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position", "kind", "is_closed"]
    list_filter = ["kind", "is_closed"]
    search_fields = ["title", "background", "decision", "case_number"]
    list_select_related = ["meeting__body"]
    raw_id_fields = ["meeting", "forwarded_from", "presenter"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "owner", "due", "status"]
    list_filter = ["status", "body"]
    search_fields = ["title", "description"]
    list_select_related = ["body", "owner"]
    raw_id_fields = ["item", "owner"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "item", "content_type", "size", "uploaded_at"]
    readonly_fields = ["stored_name", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["item"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "is_guest", "reply", "attended"]
    list_filter = ["reply", "is_guest"]
    raw_id_fields = ["meeting", "person", "item"]


@admin.register(MinutesRevision)
class MinutesRevisionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "created_by", "created_at"]
    raw_id_fields = ["meeting"]


@admin.register(MinutesApproval)
class MinutesApprovalAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "approved_at"]
    raw_id_fields = ["meeting", "person"]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["body", "days_before", "agenda_warning_days", "minutes_due_days"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "user", "due_at", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["key"]
    raw_id_fields = ["user", "meeting", "action_item"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created", "read_at", "emailed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "meeting"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email"]
    raw_id_fields = ["user"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    raw_id_fields = ["user"]
