"""Realistic sample data dated around a given day, for `nudge demo` and the screenshots.

Each process is placed so that one rule of the ladder shows on the agenda:
a follow-up that is due, a thank-you, a candid check-in, a process to let go,
an interview to prepare for today and one later this week, a headhunter who
owns a process, a reply that restarted the wait, an application with no one
to write to yet, a "no" to close gracefully, an offer with its deadline this
week, and a closed one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.backup import Backup
from app.rules.calendar import BusinessCalendar
from app.rules.values import Contact, Interview, Message, Moment, Process, Settings


def _back(cal: BusinessCalendar, day: date, n: int) -> date:
    """The n-th business day before `day`."""
    while n > 0:
        day -= timedelta(days=1)
        if cal.is_business_day(day):
            n -= 1
    return day


def demo_backup(today: date) -> Backup:
    """The sample search as a backup, with every date counted back from `today`."""
    us = BusinessCalendar("US")

    def at(n: int, hour: int = 10, minute: int = 0) -> Moment:
        day = _back(us, today, n) if n > 0 else us.add(today, -n) if n < 0 else today
        return Moment(datetime.combine(day, time(hour, minute)))

    def inn(n: int, who: str, text: str, signal: str | None = None, hour: int = 15) -> Message:
        return Message(at(n, hour), "in", who, "reply", "email", signal, text)

    def out(n: int, who: str | None, purpose: str, text: str = "", hour: int = 9) -> Message:
        return Message(at(n, hour), "out", who, purpose, "email", None, text)

    processes = (
        Process(
            "Acme Analytics",
            "Data Engineer",
            link="https://acme.example/jobs/42",
            notes="Spark + dbt stack. Team of six; remote friendly.",
            contacts=(
                Contact("Rita Ray", "recruiter", "rita@acme.example"),
                Contact("Omar Haddad", "hiring_manager", "omar@acme.example"),
            ),
            interviews=(Interview("recruiter_screen", at(7), ("Rita Ray",), "Salary band confirmed."),),
            messages=(
                out(12, "Rita Ray", "application", "Applied through the careers page."),
                inn(9, "Rita Ray", "Would love to set up a screen.", "positive"),
                out(7, "Rita Ray", "thank_you", "Thanks for the call!", hour=17),
            ),
        ),
        Process(
            "Northwind Traders",
            "Backend Developer",
            contacts=(
                Contact("Priya Natarajan", "recruiter", "priya@northwind.example"),
                Contact("Ben Clarke", "interviewer"),
                Contact("Lena Fischer", "hiring_manager"),
            ),
            interviews=(
                Interview("recruiter_screen", at(12), ("Priya Natarajan",)),
                Interview("onsite", at(1, 13), ("Ben Clarke", "Lena Fischer"), "System design + pairing."),
            ),
            messages=(inn(9, "Priya Natarajan", "The team is very interested, let's book the onsite.", "positive"),),
        ),
        Process(
            "Globex",
            "Platform Engineer",
            notes="Through Hays; the headhunter talks to Globex for me.",
            contacts=(
                Contact("Tom Whitaker", "headhunter", "tom@hays.example", "+1 555 0100"),
                Contact("Dana Scully", "hiring_manager"),
            ),
            interviews=(
                Interview("headhunter_screen", at(20), ("Tom Whitaker",)),
                Interview("hiring_manager", at(11), ("Dana Scully",)),
            ),
            messages=(out(11, "Tom Whitaker", "thank_you"), out(6, "Tom Whitaker", "follow_up")),
        ),
        Process(
            "Initech",
            "Site Reliability Engineer",
            contacts=(
                Contact("Bill Lumbergh", "recruiter", "bill@initech.example"),
                Contact("Milton Waddams", "interviewer"),
            ),
            interviews=(
                Interview("recruiter_screen", at(9), ("Bill Lumbergh",)),
                Interview("technical", at(0, 14), ("Milton Waddams",), "Kubernetes incident drill."),
            ),
            messages=(
                out(8, "Bill Lumbergh", "thank_you"),
                inn(6, "Bill Lumbergh", "Great news, moving you forward to the technical round.", "positive"),
            ),
        ),
        Process(
            "Umbrella Health",
            "Machine Learning Engineer",
            country="GB",
            subdivision="ENG",
            contacts=(Contact("Alice Moreau", "recruiter", "alice@umbrella.example"),),
            interviews=(
                Interview("recruiter_screen", at(8), ("Alice Moreau",)),
                Interview("onsite", at(-3, 11), ("Alice Moreau",), "London office, four rounds."),
            ),
            messages=(
                out(7, "Alice Moreau", "thank_you"),
                inn(5, "Alice Moreau", "Happy to invite you to the onsite.", "positive"),
            ),
        ),
        Process(
            "Hooli",
            "Product Analyst",
            contacts=(Contact("Gavin Belson", "recruiter", "gavin@hooli.example"),),
            interviews=(Interview("recruiter_screen", at(30), ("Gavin Belson",)),),
            messages=(
                out(30, "Gavin Belson", "thank_you", hour=18),
                out(23, "Gavin Belson", "follow_up"),
                out(19, "Gavin Belson", "follow_up"),
                out(13, "Gavin Belson", "check_in"),
            ),
        ),
        Process(
            "Stark Labs",
            "Frontend Engineer",
            country="DE",
            subdivision="BE",
            contacts=(Contact("Jonas Weber", "recruiter", "jonas@stark.example"),),
            interviews=(
                Interview("recruiter_screen", at(10), ("Jonas Weber",)),
                Interview("technical", at(6), ("Jonas Weber",)),
            ),
            messages=(
                out(5, "Jonas Weber", "thank_you"),
                inn(2, "Jonas Weber", "The team is very interested but needs a bit more time.", "positive"),
            ),
        ),
        Process(
            "Vandelay Industries",
            "Data Analyst",
            status="rejected",
            contacts=(Contact("Art Vandelay", "recruiter"),),
            interviews=(Interview("recruiter_screen", at(25), ("Art Vandelay",)),),
            messages=(
                inn(20, "Art Vandelay", "We encourage you to continue looking at other opportunities.", "negative"),
            ),
        ),
        Process(
            "Soylent",
            "Analytics Engineer",
            status="offer",
            notes="Offer letter in hand; they asked for an answer within a week.",
            contacts=(Contact("Grace Kim", "recruiter", "grace@soylent.example"),),
            interviews=(Interview("final", at(10), ("Grace Kim",)),),
            messages=(inn(4, "Grace Kim", "We are delighted to offer you the role!", "positive"),),
            deadline=at(-4).day,
        ),
        Process(
            "Wayne Enterprises",
            "Data Platform Engineer",
            contacts=(Contact("Lucius Fox", "recruiter", "lucius@wayne.example"),),
            interviews=(Interview("recruiter_screen", at(8), ("Lucius Fox",)),),
            messages=(
                out(8, "Lucius Fox", "thank_you", hour=17),
                inn(
                    1,
                    "Lucius Fox",
                    "Thank you for your time. We have decided to move forward with other candidates.",
                    "negative",
                ),
            ),
        ),
        Process(
            "Pied Piper",
            "Data Engineer",
            link="https://piedpiper.example/careers/7",
            notes="Applied on the careers page; no recruiter named yet.",
            messages=(out(7, None, "application", "Applied through the careers page."),),
        ),
    )
    return Backup(Settings(your_name="Sam Lee"), processes, {})
