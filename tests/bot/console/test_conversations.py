from sqlalchemy import select

from bot.console.models import AuditEntry
from bot.store.models import TurnAnnotation
from tests.bot.console.conftest import ConsoleApp, csrf_of


async def test_citizen_script_is_shown_as_text(admin: ConsoleApp) -> None:
    await admin.chat("<script>alert(1)</script>")
    listing = await admin.client.get("/operator/")
    page = await admin.client.get("/operator/conversations/1")
    for html in (listing.text, page.text):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_personal_data_is_masked_by_default_and_reveal_is_audited(admin: ConsoleApp) -> None:
    await admin.chat("NIK saya 3374011203990001, hp 081234567890, email budi@contoh.id")
    page = await admin.client.get("/operator/conversations/1")
    assert "3374011203990001" not in page.text
    assert "081234567890" not in page.text and "budi@contoh.id" not in page.text
    assert "************0001" in page.text
    listing = await admin.client.get("/operator/")
    assert "3374011203990001" not in listing.text
    csv = await admin.client.get("/operator/export/conversations.csv")
    assert "3374011203990001" not in csv.text and "************0001" in csv.text

    revealed = await admin.client.post(
        "/operator/conversations/1/reveal", data={"csrf_token": csrf_of(page.text)}
    )
    assert revealed.status_code == 200
    assert "3374011203990001" in revealed.text
    async with admin.console.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "reveal" in actions
    # Revealing is for that response only; the page is masked again.
    again = await admin.client.get("/operator/conversations/1")
    assert "3374011203990001" not in again.text


async def test_turns_are_annotated_and_fallbacks_highlighted(admin: ConsoleApp) -> None:
    await admin.chat("apa syarat KTP?")
    # Rasa's turns channel said what it understood: no tracker fetched.
    assert admin.rasa.tracker_fetches == 0
    # A Rasa that only speaks plain REST: the annotator fetches the tracker instead.
    admin.rasa.reports_turns = False
    await admin.chat("zzz qwerty")
    assert admin.rasa.tracker_fetches == 1
    async with admin.console.sessions() as session:
        notes = (
            await session.scalars(select(TurnAnnotation).order_by(TurnAnnotation.message_id))
        ).all()
    assert [(n.intent, n.service_id, n.fallback) for n in notes] == [
        ("ask_requirements", "ktp_el", False),
        ("nlu_fallback", None, True),
    ]
    assert notes[0].action == "action_service_answer"
    page = await admin.client.get("/operator/conversations/1")
    assert "ask_requirements" in page.text and "93%" in page.text
    assert "is-fallback" in page.text and "Tidak terjawab (fallback)" in page.text
    filtered = await admin.client.get("/operator/conversations/rows", params={"fallback": "1"})
    assert "#1" in filtered.text
    none = await admin.client.get("/operator/conversations/rows", params={"intent": "greet"})
    assert "#1" not in none.text


async def test_search_and_filters(admin: ConsoleApp) -> None:
    await admin.chat("apa syarat paspor", sender_id="a")
    await admin.chat("jam buka samsat", sender_id="b")
    found = await admin.client.get("/operator/conversations/rows", params={"q": "paspor"})
    assert "#1" in found.text and "#2" not in found.text
    web = await admin.client.get("/operator/conversations/rows", params={"channel": "telegram"})
    assert "Belum ada percakapan" in web.text
    future = await admin.client.get(
        "/operator/conversations/rows", params={"date_from": "2999-01-01"}
    )
    assert "Belum ada percakapan" in future.text
