"""The participant pages over HTTP: joining, taking part, and everything a stranger is refused."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import saved
from tests.room.conftest import PRE, csrf_of, host_change, join
from tui.room import keys as room_keys
from tui.room.web import BODY_MAX, COOKIE

pytestmark = pytest.mark.asyncio


async def test_join_shows_the_roster_only_after_the_right_code(client_for, site) -> None:
    phone = client_for()
    page = await phone.get("/")
    assert page.status_code == 200 and "Jonas Berg" not in page.text
    pre = PRE.search(page.text).group(1)
    named = await phone.post("/join", data={"pre": pre, "code": "482913"})
    assert "Jonas Berg" in named.text
    joined = await phone.post("/join", data={"pre": pre, "code": "482913", "person": "p2"})
    assert joined.status_code == 303
    assert site.keys.joined == ["p2"]
    cookie = joined.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    home = await phone.get("/")
    assert "Jonas Berg" in home.text and "Waiting for the facilitator" in home.text


async def test_every_page_sends_a_strict_content_security_policy(client_for) -> None:
    page = await client_for().get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "http" not in page.text.split("</style>")[0].split("<style")[1], "nothing from outside"


async def test_one_device_per_name_until_the_facilitator_releases_it(client_for, site) -> None:
    first, second = client_for(), client_for()
    assert (await join(first, "p2")).status_code == 303
    refused = await join(second, "p2")
    assert refused.status_code == 409 and "already joined" in refused.text
    assert site.keys.release("p2")
    assert (await first.get("/")).text.count("Which one is you") == 0  # back to the code
    assert "The room's code" in (await first.get("/")).text
    assert (await join(second, "p2")).status_code == 303


async def test_wrong_codes_from_one_address_are_refused_for_a_while(client_for, site) -> None:
    clock = [1000.0]
    site.keys.clock = lambda: clock[0]
    stranger = client_for("10.0.0.9")
    pre = PRE.search((await stranger.get("/")).text).group(1)

    async def guess() -> int:
        return (await stranger.post("/join", data={"pre": pre, "code": "000000"})).status_code

    for _ in range(room_keys.WRONG_CODES_ALLOWED - 1):
        assert await guess() == 403
    assert await guess() == 429
    # Now even the right code is refused from that address...
    assert (await join(stranger, "p2")).status_code == 429
    # ...but not from another device, and not after the lockout.
    assert (await join(client_for("10.0.0.10"), "p3")).status_code == 303
    clock[0] += room_keys.LOCKOUT_S + 1
    assert (await join(stranger, "p2")).status_code == 303


async def test_without_a_token_or_with_a_closed_room_s_token_everything_is_refused(
    client_for, site, host, room_file
) -> None:
    await host_change(host, "activity.opened", {"kind": "writing"})
    before = room_file.read_bytes()
    phone = client_for()
    await join(phone, "p2")
    csrf = csrf_of(await phone.get("/"))
    token = phone.cookies[COOKIE]
    site.keys.close()
    stranger = client_for()
    stranger.cookies.set(COOKIE, token)
    for client in (phone, stranger, client_for()):
        for path, form in [
            ("/card", {"csrf": csrf, "role": "data-scientist", "text": "x"}),
            ("/dots", {"csrf": csrf}),
            ("/fist", {"csrf": csrf, "score": "3"}),
            ("/heard", {"csrf": csrf, "concern": "c1"}),
            ("/leave", {"csrf": csrf}),
        ]:
            assert (await client.post(path, data=form)).status_code == 403, path
        assert (await client.get("/state")).status_code == 403
    assert room_file.read_bytes() == before


async def test_a_form_without_its_csrf_token_is_refused(client_for, host, room_file) -> None:
    await host_change(host, "activity.opened", {"kind": "writing"})
    phone = client_for()
    await join(phone, "p2")
    before = room_file.read_bytes()
    for form in [
        {"role": "data-scientist", "text": "no token"},
        {"csrf": "guess", "role": "data-scientist", "text": "wrong token"},
    ]:
        answer = await phone.post("/card", data=form)
        assert answer.status_code == 403
    assert room_file.read_bytes() == before


async def test_the_join_form_needs_its_own_cookie(client_for, site) -> None:
    phone = client_for()
    answer = await phone.post("/join", data={"pre": "x", "code": "482913", "person": "p2"})
    assert answer.status_code == 403 and site.keys.joined == []


async def test_a_silent_card_is_saved_attributed_and_hidden(client_for, host, room_file) -> None:
    await host_change(host, "activity.opened", {"kind": "writing"})
    phone = client_for()
    await join(phone, "p2")
    page = await phone.get("/")
    form = {"csrf": csrf_of(page), "sub": "s1", "role": "data-scientist"}
    hostile = "<script>alert(1)</script>\x1b]52;c;aGk=\x07 [bold]x[/]"
    answer = await phone.post("/card", data={**form, "text": hostile})
    assert answer.status_code == 303
    # The same form sent twice (a phone that lost the answer) is taken in once.
    assert (await phone.post("/card", data={**form, "text": hostile})).status_code == 303
    cards = [c for c in saved(room_file).concerns if c.via == "room"]
    assert len(cards) == 1
    card = cards[0]
    assert (card.author, card.masked, card.role) == ("p2", True, "data-scientist")
    assert "\x1b" not in card.text and "\x07" not in card.text
    mine = await phone.get("/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mine.text and "<script>alert" not in mine.text
    # Another participant sees nothing of it.
    other = client_for()
    await join(other, "p3")
    assert "alert" not in (await other.get("/")).text


async def test_dots_keep_each_person_s_budget_and_stay_private(client_for, host, room_file) -> None:
    await host_change(host, "settings.updated", {"set": {"vote_budget": 3, "vote_cap": 2}})
    await host_change(host, "activity.opened", {"kind": "dots"})
    concerns = [c.id for c in host.current().concerns[:3]]
    ana, bo = client_for(), client_for()
    await join(ana, "p2")
    await join(bo, "p3")
    ana_csrf, bo_csrf = csrf_of(await ana.get("/")), csrf_of(await bo.get("/"))
    over = await ana.post(
        "/dots", data={"csrf": ana_csrf, f"dots-{concerns[0]}": "2", f"dots-{concerns[1]}": "2"}
    )
    assert over.status_code == 422 and "budget of 3" in over.text
    capped = await ana.post("/dots", data={"csrf": ana_csrf, f"dots-{concerns[0]}": "3"})
    assert capped.status_code == 422 and "at most 2" in capped.text
    ok = {"csrf": ana_csrf, f"dots-{concerns[0]}": "2", f"dots-{concerns[1]}": "1"}
    assert (await ana.post("/dots", data=ok)).status_code == 303
    # Bo's budget is his own, whatever Ana placed.
    bo_dots = {"csrf": bo_csrf, f"dots-{concerns[0]}": "2", f"dots-{concerns[2]}": "1"}
    assert (await bo.post("/dots", data=bo_dots)).status_code == 303
    # Ana moves a dot: her ballot is replaced, not added to.
    moved = {"csrf": ana_csrf, f"dots-{concerns[0]}": "1", f"dots-{concerns[2]}": "2"}
    assert (await ana.post("/dots", data=moved)).status_code == 303
    on_disk = saved(room_file)
    ballots = sorted((b.person, b.concern, b.dots, b.via) for b in on_disk.ballots)
    assert ballots == sorted(
        [
            ("p2", concerns[0], 1, "room"),
            ("p2", concerns[2], 2, "room"),
            ("p3", concerns[0], 2, "room"),
            ("p3", concerns[2], 1, "room"),
        ]
    )
    assert all(c.votes == 0 for c in on_disk.concerns), "nothing counted before the reveal"
    # Bo's page never shows Ana's dots.
    bo_page = (await bo.get("/")).text
    assert f'name="dots-{concerns[2]}" min="0" max="2" value="1"' in bo_page
    await host_change(host, "activity.revealed", {"kind": "dots"})
    votes = {c.id: c.votes for c in saved(room_file).concerns}
    assert [votes[c] for c in concerns] == [3, 0, 3]
    assert "The vote" in (await bo.get("/")).text


async def test_only_the_open_activity_is_taken(client_for, host, room_file) -> None:
    phone = client_for()
    await join(phone, "p2")
    csrf = csrf_of(await phone.get("/"))
    before = room_file.read_bytes()
    refused = await phone.post("/fist", data={"csrf": csrf, "score": "4"})
    assert refused.status_code == 409 and "not open" in refused.text
    await host_change(host, "activity.opened", {"kind": "fist"})
    assert room_file.read_bytes() != before
    assert (await phone.post("/fist", data={"csrf": csrf, "score": "9"})).status_code == 422
    assert (await phone.post("/fist", data={"csrf": csrf, "score": "4"})).status_code == 303
    vote = saved(room_file).confidence[0]
    assert (vote.person, vote.score, vote.masked) == ("p2", 4, True)


async def test_heard_marks_come_from_the_person_s_own_role(client_for, host, room_file) -> None:
    await host_change(host, "activity.opened", {"kind": "heard"})
    other = next(c for c in host.current().concerns if c.role != "data-scientist")
    phone = client_for()
    await join(phone, "p3")  # Priya: data scientist
    csrf = csrf_of(await phone.get("/"))
    answer = await phone.post("/heard", data={"csrf": csrf, "concern": other.id})
    assert answer.status_code == 303
    heard = next(c for c in saved(room_file).concerns if c.id == other.id)
    assert "data-scientist" in heard.heard_by


async def test_bodies_are_size_limited_and_participants_rate_limited(client_for, site) -> None:
    phone = client_for()
    await join(phone, "p2")
    csrf = csrf_of(await phone.get("/"))
    big = await phone.post("/card", data={"csrf": csrf, "text": "x" * (BODY_MAX + 1)})
    assert big.status_code == 413
    raw = await phone.post("/card", content=b"{}", headers={"content-type": "application/json"})
    assert raw.status_code == 415
    statuses = [(await phone.get("/state")).status_code for _ in range(room_keys.BURST + 5)]
    assert 429 in statuses


async def test_a_stream_without_a_length_is_cut_at_the_limit(client_for) -> None:
    phone = client_for()
    await join(phone, "p2")
    csrf = csrf_of(await phone.get("/"))

    async def chunks():
        yield f"csrf={csrf}&text=".encode()
        for _ in range(200):
            yield b"y" * 1024

    answer = await phone.post(
        "/card",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413


async def test_unknown_pages_say_so_in_plain_words(client_for) -> None:
    answer = await client_for().get("/session.toml")
    assert answer.status_code == 404 and "no such page" in answer.text
    assert isinstance(answer, httpx.Response)
