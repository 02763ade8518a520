"""Tasks of the planning overview: a few lines around a service each."""

from celery import shared_task

from planning.services import report_generate


@shared_task
def evaluation_report_generate(report_id: int) -> bool:
    return report_generate(report_id=report_id)
