import httpx
import pytest
from sqlalchemy import select

from bot.console.models import AuditEntry
from tests.bot.console.conftest import ADMIN_PASSWORD, ConsoleApp, csrf_of, login


@pytest.mark.parametrize(
    "path",
    ["/operator/", "/operator/queue", "/operator/conversations/1", "/operator/analytics",
     "/operator/events", "/operator/export/conversations.csv"],
)  # fmt: skip
async def test_unauthenticated_access_is_redirected_to_login(
    console_app: ConsoleApp, path: str
) -> None:
    response = await console_app.client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == "/operator/login"


async def test_login_page_is_indonesian_and_has_no_external_assets(console_app: ConsoleApp) -> None:
    page = await console_app.client.get("/operator/login")
    assert page.status_code == 200
    assert "Masuk ke konsol operator" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


async def test_wrong_password_is_refused(console_app: ConsoleApp) -> None:
    response = await login(console_app.client, "admin", "salah-sekali-123")
    assert response.status_code == 401
    assert "salah" in response.text
    assert "tl_console" not in response.cookies
    assert (await console_app.client.get("/operator/")).status_code == 303


async def test_login_sets_a_secure_session_cookie_and_logout_ends_it(
    console_app: ConsoleApp,
) -> None:
    response = await login(console_app.client, "admin", ADMIN_PASSWORD)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = await console_app.client.get("/operator/")
    assert page.status_code == 200
    token = csrf_of(page.text)
    stolen = console_app.client.cookies.get("tl_console")
    out = await console_app.client.post("/operator/logout", data={"csrf_token": token})
    assert out.status_code == 303
    # The old cookie no longer works: the session is gone on the server.
    transport = httpx.ASGITransport(app=console_app.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as thief:
        thief.cookies.set("tl_console", stolen or "", path="/operator")
        replay = await thief.get("/operator/")
    assert replay.status_code == 303


async def test_cookie_is_secure_behind_https(console_app: ConsoleApp) -> None:
    transport = httpx.ASGITransport(app=console_app.app)
    async with httpx.AsyncClient(transport=transport, base_url="https://gateway.test") as client:
        response = await login(client, "admin", ADMIN_PASSWORD)
    assert "secure" in response.headers["set-cookie"].lower()


async def test_login_without_csrf_token_is_refused(console_app: ConsoleApp) -> None:
    await console_app.client.get("/operator/login")
    response = await console_app.client.post(
        "/operator/login", data={"username": "admin", "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 403
    assert "tl_console" not in response.cookies


async def test_forms_require_the_session_csrf_token(admin: ConsoleApp) -> None:
    await admin.chat("halo")
    for path in ("/operator/conversations/1/takeover", "/operator/logout"):
        missing = await admin.client.post(path, data={})
        assert missing.status_code == 403
        wrong = await admin.client.post(path, data={"csrf_token": "palsu"})
        assert wrong.status_code == 403
    assert (await admin.client.get("/operator/")).status_code == 200


async def test_account_is_locked_after_repeated_failures(console_app: ConsoleApp) -> None:
    for _ in range(5):
        assert (await login(console_app.client, "admin", "salah-sekali-123")).status_code == 401
    # Even the right password is refused while locked.
    response = await login(console_app.client, "admin", ADMIN_PASSWORD)
    assert response.status_code == 401
    async with console_app.console.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert "locked" in actions and actions.count("login_failed") == 5


async def test_operator_cannot_open_another_units_conversation(console_app: ConsoleApp) -> None:
    await console_app.chat("saya mau bicara dengan petugas", sender_id="warga-a")  # disdukcapil
    await console_app.add_operator("samsat1", ["samsat"])
    await console_app.add_operator("duk1", ["disdukcapil"])
    client = console_app.client

    assert (await login(client, "samsat1", "rahasia-operator-1")).status_code == 303
    assert (await client.get("/operator/conversations/1")).status_code == 404
    assert (await client.get("/operator/conversations/1/transcript")).status_code == 404
    listing = await client.get("/operator/")
    assert '/operator/conversations/1"' not in listing.text
    page = await client.get("/operator/")
    token = csrf_of(page.text)
    taken = await client.post("/operator/conversations/1/takeover", data={"csrf_token": token})
    assert taken.status_code == 404
    csv = await client.get("/operator/export/conversations.csv")
    assert "bicara" not in csv.text and csv.text.count("\n") == 1
    # Reveal is for admins only.
    revealed = await client.post("/operator/conversations/1/reveal", data={"csrf_token": token})
    assert revealed.status_code == 403
    await client.post("/operator/logout", data={"csrf_token": token})

    assert (await login(client, "duk1", "rahasia-operator-1")).status_code == 303
    assert (await client.get("/operator/conversations/1")).status_code == 200
