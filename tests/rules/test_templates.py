"""Suggested messages: filling never fails, checking says what is wrong."""

from __future__ import annotations

import pytest

from app.errors import BadInput
from app.rules.templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    TEMPLATE_KINDS,
    check_template,
    fill,
    placeholders_in,
    template_kind,
)
from app.rules.values import ACTIONS

VALUES = {
    "first_name": "Rita",
    "role": "Data Engineer",
    "company": "Acme",
    "interview": "recruiter screen",
    "interview_date": "Mon 30 Nov",
    "your_name": "Sam Seeker",
}


def test_fill_replaces_every_placeholder() -> None:
    template = "{first_name}|{role}|{company}|{interview}|{interview_date}|{your_name}"
    assert fill(template, VALUES) == "Rita|Data Engineer|Acme|recruiter screen|Mon 30 Nov|Sam Seeker"


def test_fill_keeps_unknown_placeholders_as_typed() -> None:
    assert (
        fill("Hi {firstname}, about {role} at {compnay}.", VALUES)
        == "Hi {firstname}, about Data Engineer at {compnay}."
    )


def test_fill_keeps_literal_braces() -> None:
    assert fill("{{not a placeholder}} {company}", VALUES) == "{not a placeholder} Acme"


@pytest.mark.parametrize("template", ["Hi {first_name", "Hi first_name}", "{0} {first_name}", "{first_name.upper}"])
def test_fill_never_fails(template: str) -> None:
    assert isinstance(fill(template, VALUES), str)


def test_fill_drops_an_empty_signature() -> None:
    filled = fill(DEFAULT_TEMPLATES["follow_up"], {**VALUES, "your_name": ""})
    assert filled.endswith("Thank you,")
    assert all(line == line.rstrip() for line in filled.splitlines())


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_defaults_pass_their_own_check(kind: str) -> None:
    check_template(kind, DEFAULT_TEMPLATES[kind])


def test_template_kinds_are_the_actions_that_send_a_message_and_their_variants() -> None:
    assert set(TEMPLATE_KINDS) == (set(ACTIONS) - {"prepare", "decide"}) | {"application_follow_up", "rejected"}
    assert tuple(DEFAULT_TEMPLATES) == TEMPLATE_KINDS


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_defaults_greet_name_the_role_and_company_and_sign(kind: str) -> None:
    template = DEFAULT_TEMPLATES[kind]
    names = placeholders_in(template)
    assert template.startswith("Hi {first_name},")
    assert {"role", "company"} <= set(names)
    assert template.rstrip().endswith("{your_name}")
    filled = fill(template, VALUES)
    assert "{" not in filled and "}" not in filled
    assert len(filled.split()) < 90  # short


def test_every_placeholder_is_used_by_some_default() -> None:
    used = {name for template in DEFAULT_TEMPLATES.values() for name in placeholders_in(template)}
    assert used == set(PLACEHOLDERS)


def test_follow_up_and_thank_you_name_the_interview_date() -> None:
    assert "{interview_date}" in DEFAULT_TEMPLATES["follow_up"]
    assert "{interview}" in DEFAULT_TEMPLATES["follow_up"]
    assert "{interview_date}" in DEFAULT_TEMPLATES["thank_you"]


def test_check_in_is_candid() -> None:
    text = DEFAULT_TEMPLATES["check_in"].lower()
    assert "decision" in text
    assert "feedback" in text
    assert "other options" in text or "elsewhere" in text


def test_move_on_is_a_gracious_close() -> None:
    text = DEFAULT_TEMPLATES["move_on"].lower()
    assert "thank you" in text
    assert "elsewhere" in text or "other" in text


def test_thank_you_thanks() -> None:
    assert "thank you" in DEFAULT_TEMPLATES["thank_you"].lower()


@pytest.mark.parametrize(
    "template",
    [
        "Hi {firstname}",
        "Hi {first_name}, {0}",
        "Hi {first_name}, {}",
        "Hi {first_name.upper}",
        "Hi {your_name} {Company}",
    ],
)
def test_check_rejects_unknown_placeholders(template: str) -> None:
    with pytest.raises(BadInput, match="unknown placeholder"):
        check_template("follow_up", template)


@pytest.mark.parametrize("template", ["Hi {first_name", "Hi first_name}", "Hi {first_name}}", "{"])
def test_check_rejects_broken_braces(template: str) -> None:
    with pytest.raises(BadInput, match="brace"):
        check_template("thank_you", template)


def test_check_rejects_an_unknown_kind() -> None:
    with pytest.raises(BadInput, match="unknown template"):
        check_template("prepare", "Hi {first_name}")


def test_check_accepts_literal_braces_and_no_placeholders() -> None:
    check_template("move_on", "Thanks {{all}}!")
    check_template("check_in", "Any news?")


# Second edition.


def test_messages_name_the_interview_as_people_do() -> None:
    from .builders import actions, onsite, process

    found = {a.action: a for a in actions(process(interviews=(onsite("2026-11-30"),)), "2026-12-01")}
    follow_up = found["follow_up"]
    assert follow_up.message is not None
    assert "after the onsite on Mon 30 Nov" in follow_up.message
    assert "my onsite" not in follow_up.message


@pytest.mark.parametrize(
    ("action", "timing", "close_as", "kind"),
    [
        ("follow_up", "application", None, "application_follow_up"),
        ("follow_up", "screen", None, "follow_up"),
        ("follow_up", "later", None, "follow_up"),
        ("move_on", "application", "ghosted", "move_on"),
        ("move_on", "later", "rejected", "rejected"),
        ("check_in", "screen", None, "check_in"),
        ("thank_you", "later", None, "thank_you"),
    ],
)
def test_which_template_an_action_uses(action: str, timing: str, close_as: str | None, kind: str) -> None:
    assert template_kind(action, timing, close_as) == kind


def test_the_reply_to_a_no_is_gracious_and_never_keen() -> None:
    text = fill(DEFAULT_TEMPLATES["rejected"], VALUES).lower()
    assert "thank you" in text
    assert "kept me in mind" in text
    assert "keen" not in text and "follow up" not in text


def test_the_application_follow_up_asks_about_the_application() -> None:
    text = fill(DEFAULT_TEMPLATES["application_follow_up"], VALUES)
    assert "applied for the Data Engineer role at Acme" in text
    assert "interview" not in text.lower()


def test_an_edited_template_of_a_new_kind_is_used() -> None:
    from app.rules.agenda import actions_for

    from .builders import SETTINGS, applied, calendar_of, day, process

    proc = process(messages=(applied("2026-11-16"),))
    templates = {**DEFAULT_TEMPLATES, "application_follow_up": "Hi {first_name}, any news on {role}?"}
    (action,) = actions_for(proc, day("2026-11-25"), calendar_of(proc), SETTINGS, templates)
    assert action.message == "Hi Rita, any news on Data Engineer?"
