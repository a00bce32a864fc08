"""In-memory fakes of the shop's outside services (Graph, YooKassa, the outbox, the clock)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx

from catalog.graph import BatchStatus, parse_status
from catalog.graph import GraphError as CatalogError
from catalog.money import Money
from payments.gateway import (
    OutcomeUnknown,
    Payment,
    PaymentFilter,
    PaymentPage,
    PaymentRequest,
    Refund,
    RefundFilter,
    RefundPage,
    RefundRequest,
    check_key,
    check_object_id,
)
from payments.yookassa import classify, parse_payment, parse_refund
from sandbox import catalog as meta_catalog
from sandbox.errors import GraphError as MetaError
from sandbox.templates import TemplateRegistry, seed_templates
from sandbox.validation import MarkRead, validate_body
from sandbox.yookassa_state import ApiFailure, Books, Notification, public
from shop.clock import Clock, FrozenClock, SystemClock
from shop.whatsapp.graph import SendResult
from shop.whatsapp.messages import OutboundMessage, TemplateMessage
from shop.whatsapp.outbox import WINDOW_CLOSED_REASON, Enqueued, EnqueueStatus
from shop.whatsapp.rules import window_open
from shop.whatsapp.templates import APPROVED, parameter_problem

__all__ = [
    "FakeCatalog",
    "FakeMessages",
    "FakeOutbox",
    "FakeTemplates",
    "FakeYooKassa",
    "FrozenClock",
    "Queued",
]


class FakeMessages:
    """Meta's `/messages`: a body the Cloud API would refuse is answered with Meta's error;
    any other is accepted with a wamid. `answer_next` scripts the coming answers: an error or
    no answer (Meta keeps nothing), or `in_doubt` (Meta keeps the message, the answer is lost).
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        # What Meta holds, as the sandbox's control API lists it: wamid, to, type, body,
        # accepted_at.
        self.accepted: list[dict[str, Any]] = []
        self.read: list[str] = []  # the inbound wamids marked read
        self._scripted: list[SendResult] = []

    def answer_next(self, *results: SendResult) -> None:
        self._scripted.extend(results)

    async def send_json(self, content: bytes) -> SendResult:
        await asyncio.sleep(0)  # a call to Meta lets the other tasks run meanwhile
        scripted = self._scripted.pop(0) if self._scripted else None
        if scripted is not None and not scripted.in_doubt:
            return scripted
        try:
            body = json.loads(content)
            checked = validate_body(body)
        except ValueError:
            return _refusal(MetaError(100, "The request body is not valid JSON."))
        except MetaError as error:
            return _refusal(error)
        if isinstance(checked, MarkRead):
            self.read.append(checked.message_id)
            return SendResult(http_status=200)
        wamid = f"wamid.fake.{len(self.accepted) + 1}"
        self.accepted.append(
            {
                "wamid": wamid,
                "to": checked.wa_id,
                "type": checked.kind,
                "body": body,
                "accepted_at": self.clock.now().isoformat(),
            }
        )
        return scripted or SendResult(wamid=wamid, http_status=200)

    def messages_to(self, wa_id: str) -> list[dict[str, Any]]:
        return [message for message in self.accepted if message["to"] == wa_id]


def _refusal(error: MetaError) -> SendResult:
    return SendResult(
        http_status=error.http_status,
        error_code=error.code,
        error_title=str(error.body()["error"]["message"]),
    )


class FakeTemplates:
    """The business account's message templates (the sandbox's seeded ones to start with),
    paged as `GET /{waba}/message_templates` pages them."""

    def __init__(self, page_size: int = 100) -> None:
        self.registry = TemplateRegistry(seed_templates())
        self.template_page_size = page_size
        self.pages_read = 0

    def add(self, name: str, language: str = "ru", **graph: Any) -> None:
        """A template as Meta holds it (`category`, `components`, `status`: APPROVED unless
        given); raises ValueError where Meta would refuse it."""
        self.registry.upsert({"name": name, "language": language, **graph})

    def stored(self, name: str, language: str) -> dict[str, Any] | None:
        """The template as the shop stores it after a sync, or None when Meta has none."""
        template = self.registry.get(name, language)
        if template is None:
            return None
        graph = template.graph()
        return {**graph, "components": json.dumps(graph["components"], ensure_ascii=False)}

    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        self.pages_read += 1
        items, _, next_cursor = self.registry.page({}, self.template_page_size, after)
        return [template.graph() for template in items], next_cursor


class FakeCatalog:
    """Meta's product catalog: a batch is checked as it arrives, takes effect on its second
    status poll, and items Meta's review refuses (`refuse`) come back as errors."""

    def __init__(self, catalog_id: str = "300000000000001") -> None:
        self.catalog_id = catalog_id
        self.state = meta_catalog.CatalogFake()
        self.calls = 0

    @property
    def items(self) -> dict[str, dict[str, Any]]:
        """What WhatsApp shows, by retailer id."""
        return dict(self.state.items.get(self.catalog_id, {}))

    @property
    def received(self) -> int:
        """Requests received inside all batches, to tell that only the changes travel."""
        return self.state.received

    def refuse(self, *retailer_ids: str, message: str = meta_catalog.POLICY_REJECTION) -> None:
        """Meta's review refuses these items from now on; no ids forgives them all."""
        self.state.refused = dict.fromkeys(retailer_ids, message)

    def fail_next(self, status: int, code: int, message: str = "", count: int = 1) -> None:
        """The next `count` calls fail with this Graph error, before any work is done."""
        fault = {"status": status, "code": code, "message": message or f"error {code}"}
        self.state.faults.extend([fault] * count)

    async def _gate(self) -> None:
        await asyncio.sleep(0)  # a call to Meta lets the other tasks run meanwhile
        self.calls += 1
        self.state.calls += 1
        if self.state.faults:
            fault = self.state.faults.popleft()
            raise CatalogError(fault["status"], fault["code"], fault["message"])

    async def items_batch(self, requests: list[dict[str, Any]]) -> str:
        await self._gate()
        if not 0 < len(requests) <= meta_catalog.MAX_REQUESTS:
            raise CatalogError(400, 100, f"requests must hold 1 to {meta_catalog.MAX_REQUESTS}")
        # A copy, as the JSON of a request would be: the caller may reuse its dicts.
        sent = json.loads(json.dumps(requests))
        return meta_catalog.receive(self.state, self.catalog_id, sent).handle

    async def batch_status(self, handle: str) -> BatchStatus:
        await self._gate()
        batch = self.state.batches.get(handle)
        if batch is None or batch.catalog_id != self.catalog_id:
            raise CatalogError(400, 100, "Unknown batch handle")
        return parse_status({"data": [meta_catalog.poll(self.state, batch, with_ids=True)]})


@dataclass
class _Books(Books):
    """The fake YooKassa's books on a clock of the test's choosing."""

    clock: Clock = field(default_factory=SystemClock)

    def now(self) -> datetime:
        return self.clock.now() + self.offset


class FakeYooKassa:
    """YooKassa's payments and refunds (the sandbox's books, without HTTP): an idempotence key
    answers its first answer again, or is refused with a changed request; links lapse after
    an hour; 4xx are `Rejected`, lost answers `OutcomeUnknown`, as the real adapter raises.
    The shopper acts through `choose` (or `pay` and `decline`)."""

    CONFIRM_BASE = "https://yookassa.fake"

    def __init__(self, clock: Clock | None = None) -> None:
        self.books = _Books(clock=clock or SystemClock())
        self.notifications: list[Notification] = []
        self.calls = 0
        self._lost_answers = 0
        self._lost_why = ""

    def lose_answers(
        self, times: int = 1, why: str = "YooKassa answered 500 internal_server_error"
    ) -> None:
        """The next `times` calls are carried out, then their answer is lost (a 500, or
        `why="timeout"`): the caller cannot know whether the payment or refund was made."""
        self._lost_answers += times
        self._lost_why = why

    async def _call(self, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        await asyncio.sleep(0)  # a call to YooKassa lets the other tasks run meanwhile
        self.calls += 1
        self.notifications.extend(self.books.expire())
        try:
            answer = work()
        except ApiFailure as failure:
            classify(httpx.Response(failure.status, json=failure.body()))
            raise AssertionError("unreachable: an error answer always raises") from failure
        if self._lost_answers:
            self._lost_answers -= 1
            raise OutcomeUnknown(self._lost_why)
        return answer

    async def _keyed(
        self, key: str, path: str, body: dict[str, Any], work: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        check_key(key)
        sent = json.loads(json.dumps(body))  # as it travels: tuples become lists

        def once() -> dict[str, Any]:
            seen = self.books.remember(key, path, sent)
            if seen is not None:
                return seen
            answer = work()
            self.books.store(key, path, sent, answer)
            return answer

        return await self._call(once)

    async def create_payment(self, request: PaymentRequest, *, key: str) -> Payment:
        body = request.to_api()
        return parse_payment(
            await self._keyed(
                key,
                "payments",
                body,
                lambda: public(self.books.create_payment(body, self.CONFIRM_BASE)),
            )
        )

    async def get_payment(self, payment_id: str) -> Payment:
        check_object_id(payment_id)
        return parse_payment(await self._call(lambda: public(self.books.payment(payment_id))))

    async def list_payments(self, filters: PaymentFilter, cursor: str | None = None) -> PaymentPage:
        body = await self._call(lambda: self.books.list_payments(filters.to_params(cursor)))
        items = tuple(parse_payment(item) for item in body["items"])
        return PaymentPage(items=items, next_cursor=body.get("next_cursor"))

    async def cancel_payment(self, payment_id: str, *, key: str) -> Payment:
        check_object_id(payment_id)

        def cancel() -> dict[str, Any]:
            event = self.books.cancel(self.books.payment(payment_id))
            self.notifications.append(event)
            return public(event[1])

        return parse_payment(await self._keyed(key, f"payments/{payment_id}/cancel", {}, cancel))

    async def create_refund(self, request: RefundRequest, *, key: str) -> Refund:
        def refund() -> dict[str, Any]:
            made, event = self.books.create_refund(json.loads(json.dumps(request.to_api())))
            self.notifications.append(event)
            return made

        return parse_refund(await self._keyed(key, "refunds", request.to_api(), refund))

    async def get_refund(self, refund_id: str) -> Refund:
        check_object_id(refund_id)

        def find() -> dict[str, Any]:
            if refund_id not in self.books.refunds:
                raise ApiFailure(404, "not_found", "Refund not found", "refund_id")
            return self.books.refunds[refund_id]

        return parse_refund(await self._call(find))

    async def list_refunds(self, filters: RefundFilter, cursor: str | None = None) -> RefundPage:
        body = await self._call(lambda: self.books.list_refunds(filters.to_params(cursor)))
        items = tuple(parse_refund(item) for item in body["items"])
        return RefundPage(items=items, next_cursor=body.get("next_cursor"))

    def choose(self, confirmation_url: str, action: str, amount: Money | None = None) -> None:
        """The shopper presses "pay" or "decline" on the confirmation page (`amount`: what
        the bank took, when it differs); a payment no longer pending ignores it."""
        self.notifications.extend(self.books.expire())
        payment = self.books.payments.get(confirmation_url.rsplit("/", 1)[-1])
        if payment is None or payment["status"] != "pending":
            return
        if action == "pay":
            paid = None if amount is None else amount.amount
            self.notifications.append(self.books.pay(payment, paid))
        elif action == "decline":
            self.notifications.append(self.books.decline(payment))

    def pay(self, payment_id: str, amount: Money | None = None) -> None:
        self.choose(f"{self.CONFIRM_BASE}/confirm/{payment_id}", "pay", amount)

    def decline(self, payment_id: str) -> None:
        self.choose(f"{self.CONFIRM_BASE}/confirm/{payment_id}", "decline")

    def state(self) -> dict[str, Any]:
        """The payments and refunds as the HTTP fake's control API lists them."""
        return {
            "payments": [public(p) for p in self.books.payments.values()],
            "refunds": list(self.books.refunds.values()),
        }


@dataclass(frozen=True)
class Queued:
    to: str
    message: OutboundMessage
    key: str | None
    outbox_id: int
    category: str  # what Meta bills it as: service, or the template's category


class FakeOutbox:
    """The outbox's `enqueue(session, message, to=…, key=…)`: free-form messages go only
    inside the shopper's 24-hour window (`inbound` opens it), templates only when Meta has
    approved them with these parameters, and a key queues once, its replays answered as
    duplicates whatever changed since. The session is not touched."""

    def __init__(self, clock: Clock, templates: FakeTemplates | None = None) -> None:
        self.clock = clock
        self.templates = templates or FakeTemplates()
        self.queued: list[Queued] = []
        self._last_inbound: dict[str, datetime] = {}
        self._by_key: dict[str, int] = {}

    def inbound(self, wa_id: str, at: datetime | None = None) -> None:
        """The shopper wrote at `at` (now): the window is open for 24 hours from then."""
        self._last_inbound[wa_id] = at or self.clock.now()

    def to(self, wa_id: str) -> list[OutboundMessage]:
        return [q.message for q in self.queued if q.to == wa_id]

    async def __call__(
        self, session: object, message: OutboundMessage, *, to: str, key: str | None = None
    ) -> Enqueued:
        if key is not None and key in self._by_key:
            return Enqueued(EnqueueStatus.DUPLICATE, outbox_id=self._by_key[key])
        category = "service"
        if isinstance(message, TemplateMessage):
            refused, category = self._template_check(message)
            if refused is not None:
                return refused
        elif message.free_form and not window_open(
            self._last_inbound.get(to), None, self.clock.now()
        ):
            return Enqueued(EnqueueStatus.WINDOW_CLOSED, reason=WINDOW_CLOSED_REASON)
        queued = Queued(to, message, key, len(self.queued) + 1, category)
        self.queued.append(queued)
        if key is not None:
            self._by_key[key] = queued.outbox_id
        return Enqueued(EnqueueStatus.QUEUED, outbox_id=queued.outbox_id)

    def _template_check(self, message: TemplateMessage) -> tuple[Enqueued | None, str]:
        template = self.templates.stored(message.name, message.language)
        if template is None:
            return Enqueued(EnqueueStatus.TEMPLATE_UNKNOWN, reason=message.name), ""
        if template["status"] != APPROVED:
            reason = f"{message.name} is {template['status']}"
            return Enqueued(EnqueueStatus.TEMPLATE_NOT_APPROVED, reason=reason), ""
        problem = parameter_problem(template, message)
        if problem is not None:
            return Enqueued(EnqueueStatus.TEMPLATE_PARAMETERS, reason=problem), ""
        return None, str(template["category"]).lower()


if TYPE_CHECKING:  # mypy holds each fake to what the code it stands in for asks of it
    from catalog.graph import CatalogApi
    from payments.gateway import PaymentGateway, RefundLedger
    from shop.whatsapp.graph import MessagesApi, TemplatesApi
    from shop.whatsapp.outbox import Enqueue

    _messages: MessagesApi = FakeMessages()
    _templates: TemplatesApi = FakeTemplates()
    _catalog: CatalogApi = FakeCatalog()
    _payments: PaymentGateway = FakeYooKassa()
    _refunds: RefundLedger = FakeYooKassa()
    _enqueue: Enqueue = FakeOutbox(SystemClock())
    _clock: Clock = FrozenClock(SystemClock().now())
