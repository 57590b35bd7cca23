"""Mail drafts: every field survives the round trip through a URL parser, and no text adds a header."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from support import DEMO_DAY

from app.demo import demo_backup
from app.rules.agenda import Action, build_agenda
from app.rules.templates import TEMPLATE_KINDS
from app.rules.values import Contact, Settings
from app.sending.mailto import draft_url, mailto_url, recipient
from app.sending.subjects import SUBJECTS, subject, subject_for


def parse(url: str) -> tuple[str, dict[str, list[str]]]:
    """The recipient and the header fields of a mailto URL, decoded as a mail client would."""
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.fragment == ""
    fields = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True) if parts.query else {}
    return unquote(parts.path, errors="strict"), fields


def test_spaces_and_line_breaks_are_encoded_as_the_rfc_says() -> None:
    url = mailto_url("rita@acme.com", "Hi there", "Hi Rita,\n\nThanks")
    assert url == "mailto:rita@acme.com?subject=Hi%20there&body=Hi%20Rita%2C%0D%0A%0D%0AThanks"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_break_becomes_one_crlf(newline: str) -> None:
    url = mailto_url(None, "S", f"one{newline}two")
    assert url == "mailto:?subject=S&body=one%0D%0Atwo"


@pytest.mark.parametrize(
    ("to", "subject_text", "body"),
    [
        ("rita@acme.com", "Following up: Data Engineer at Acme", "Hi Rita,\n\nThank you,\nSam"),
        ("zoë.müller@münchen.de", "Zoë & Søren: 50% + more?", "Grüße,\n日本語のテキスト 🎉\n\tindented"),
        ("a+tag@x.co", "R&D #1 = best? 100%", "a=b&c=d?e#f%20g+h;i/j"),
        ("o'brien@acme.com", "What's next", "Line with trailing text"),
        (None, "No recipient", "Body only"),
    ],
)
def test_fields_round_trip_through_urllib(to: str | None, subject_text: str, body: str) -> None:
    url = mailto_url(to, subject_text, body)
    assert url.isascii()
    assert " " not in url and "+" not in url.split("?", 1)[1]
    address, fields = parse(url)
    assert address == (to or "")
    assert fields == {"subject": [subject_text], "body": [body.replace("\n", "\r\n")]}


@pytest.mark.parametrize(
    "hostile",
    [
        "rita@acme.com?cc=eve@evil.example",
        "rita@acme.com&bcc=eve@evil.example",
        "rita@acme.com?bcc=eve@evil.example&body=pwned",
        "rita@acme.com,eve@evil.example",
        "rita@acme.com; eve@evil.example",
        "rita@acme.com\r\nBcc: eve@evil.example",
        "rita@acme.com\nbcc=eve@evil.example",
        "rita@acme.com#fragment",
        "Rita Ray <rita@acme.com>",
        "rita@acme.com\x1b[31m",
        "rita@acme.com\u2028bcc@evil.example",
        "rita@acme.com%3Fcc=eve@evil.example",
    ],
)
def test_a_hostile_recipient_adds_no_header(hostile: str) -> None:
    address, fields = parse(mailto_url(hostile, "Hello", "Body"))
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == ["Hello"] and fields["body"] == ["Body"]
    assert "evil" not in address
    assert address == ""  # not one plausible address: the draft opens with To empty


def test_an_address_with_url_characters_is_kept_and_encoded() -> None:
    # ? = & # % are all allowed in an address's local part: they are encoded, never read as fields.
    tricky = "rita?cc=eve&x#y%z@acme.com"
    url = mailto_url(tricky, "Hello", "Body")
    assert url.startswith("mailto:rita%3Fcc%3Deve%26x%23y%25z@acme.com?")
    address, fields = parse(url)
    assert address == tricky
    assert set(fields) == {"subject", "body"}


@pytest.mark.parametrize(
    ("subject_text", "body"),
    [
        ("Hello\r\nBcc: eve@evil.example", "Body"),
        ("Hello", "Body&bcc=eve@evil.example&to=eve@evil.example"),
        ("Hello&bcc=eve@evil.example", "Body?cc=eve@evil.example#x"),
        ("Hi%0D%0ABcc:%20eve@evil.example", "%0D%0A"),
    ],
)
def test_hostile_subject_or_body_adds_no_header(subject_text: str, body: str) -> None:
    _, fields = parse(mailto_url("rita@acme.com", subject_text, body))
    assert set(fields) == {"subject", "body"}
    assert len(fields["subject"]) == 1 and len(fields["body"]) == 1
    assert "\r" not in fields["subject"][0] and "\n" not in fields["subject"][0]
    assert fields["body"] == [body]  # the text arrives exactly as written (one line here)


def test_control_characters_are_replaced_and_the_subject_is_one_line() -> None:
    _, fields = parse(mailto_url(None, "Hi\tthere\nagain\x07", "Bell\x07 esc\x1b[2J nul\x00 c1\x9b end"))
    assert fields["subject"] == ["Hi there again\ufffd"]
    assert fields["body"] == ["Bell\ufffd esc\ufffd[2J nul\ufffd c1\ufffd end"]


def test_an_unpaired_surrogate_is_replaced_not_raised() -> None:
    _, fields = parse(mailto_url(None, "half \ud800 char", "body \udfff"))
    assert fields == {"subject": ["half \ufffd char"], "body": ["body \ufffd"]}


def test_body_lines_lose_trailing_spaces_and_the_ends_their_blank_lines() -> None:
    _, fields = parse(mailto_url(None, "", "Hi   \n\nthere  \n\n\n"))
    assert fields == {"body": ["Hi\r\n\r\nthere"]}


def test_empty_fields_are_left_out() -> None:
    assert mailto_url(None, "", "") == "mailto:"
    assert mailto_url(None, "Subject", "") == "mailto:?subject=Subject"
    assert mailto_url("rita@acme.com", "  ", "\n\n") == "mailto:rita@acme.com"


@pytest.mark.parametrize(
    "email", ["rita.ray@acme.com", "  rita@acme.com  ", "zoë@münchen.de", "a+b@x.co", "r_r-1@sub.acme-corp.io"]
)
def test_plausible_addresses_are_recipients(email: str) -> None:
    assert recipient(email) == email.strip()


@pytest.mark.parametrize(
    "email",
    [None, "", "   ", "rita", "rita@", "@acme.com", "a@b@c.com", "rita @acme.com", "rita@acme.com.", "rita@-acme.com",
     "rita@acme_corp.com", ".rita@acme.com", "ri..ta@acme.com", "rita@[10.0.0.1]",
     "r" * 250 + "@acme.com", "rita@acme-.com", "rita@acme-"],
)  # fmt: skip
def test_implausible_addresses_are_not(email: str | None) -> None:
    assert recipient(email) is None


def test_every_template_kind_has_its_own_subject() -> None:
    assert set(SUBJECTS) == set(TEMPLATE_KINDS)
    filled = {subject(kind, "Data Engineer", "Acme") for kind in TEMPLATE_KINDS}
    assert len(filled) == len(TEMPLATE_KINDS)
    assert subject("follow_up", "Data Engineer", "Acme") == "Following up: Data Engineer at Acme"
    assert subject("thank_you", "Data Engineer", "Acme") == "Thank you: Data Engineer at Acme"
    assert subject("check_in", "Data Engineer", "Acme") == "Checking in: Data Engineer at Acme"


def test_a_subject_is_one_line_whatever_the_role_holds() -> None:
    assert (
        subject("follow_up", "Data\nEngineer\r\n", "Acme\x1b[31m  Inc")
        == "Following up: Data Engineer at Acme\ufffd[31m Inc"
    )
    assert subject("prepare", "Data Engineer", "Acme") == "Data Engineer at Acme"


def _action(kind: str, close_as: str | None = None, email: str | None = "rita@acme.com") -> Action:
    return Action(
        process_id=7,
        company="Acme",
        role="Data Engineer",
        action=kind,
        due=date(2026, 11, 25),
        overdue=0,
        contact=Contact(name="Rita Ray", role="recruiter", email=email),
        reason="why",
        message="Hi Rita,\n\nThanks",
        key="k",
        close_as=close_as,
    )


@pytest.mark.parametrize(
    ("kind", "close_as", "expected"),
    [
        ("follow_up", None, "Following up: Data Engineer at Acme"),
        ("check_in", None, "Checking in: Data Engineer at Acme"),
        ("thank_you", None, "Thank you: Data Engineer at Acme"),
        ("move_on", "ghosted", "Closing the loop: Data Engineer at Acme"),
        ("move_on", "rejected", "Thanks for letting me know: Data Engineer at Acme"),
    ],
)
def test_subject_for_an_action(kind: str, close_as: str | None, expected: str) -> None:
    assert subject_for(_action(kind, close_as)) == expected


def test_draft_url_uses_the_contact_and_the_edited_body() -> None:
    address, fields = parse(draft_url(_action("follow_up"), body="Edited\ntext"))
    assert address == "rita@acme.com"
    assert fields == {"subject": ["Following up: Data Engineer at Acme"], "body": ["Edited\r\ntext"]}
    address, fields = parse(draft_url(_action("follow_up", email=None)))
    assert address == ""
    assert fields["body"] == ["Hi Rita,\r\n\r\nThanks"]


def test_every_demo_message_makes_a_draft_that_reads_back() -> None:
    backup = demo_backup(DEMO_DAY)
    agenda = build_agenda(backup.processes, DEMO_DAY, backup.settings or Settings(), {})
    sent = [a for a in (*agenda.due, *agenda.upcoming) if a.message]
    assert {a.action for a in sent} >= {"follow_up", "thank_you", "check_in", "move_on"}
    for action in sent:
        address, fields = parse(draft_url(action))
        assert address == (action.contact.email or "" if action.contact else "")
        assert fields["subject"] == [subject_for(action)]
        assert action.role in fields["subject"][0] and action.company in fields["subject"][0]
        assert fields["body"] == [(action.message or "").replace("\n", "\r\n")]
