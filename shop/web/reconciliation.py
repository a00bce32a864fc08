"""The reconciliation report of a period, as its page and the API ask for it."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from payments.reconcile import Period, Report
from shop.accounting.reconciliation import build_report
from shop.compose import Services
from shop.web.validation import QueryModel, period


class PeriodQuery(QueryModel):
    """`since` (required) … `until` (default: the same day): at most a year of Moscow days."""

    since: date = Field(description="first Moscow day")
    until: date | None = Field(
        default=None, description="last Moscow day (at most 366 days after since)"
    )

    def period(self) -> Period:
        return Period(*period(self.since, self.until or self.since))


async def report_of(services: Services, days: Period) -> Report:
    """Raises GatewayError when YooKassa does not answer."""
    return await build_report(services.db, services.yookassa, days, as_of=services.clock.now())
