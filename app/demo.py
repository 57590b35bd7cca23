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
from app.domain import (
    Contact,
    ContactRole,
    Direction,
    Interview,
    InterviewKind,
    Message,
    Moment,
    Process,
    Purpose,
    Settings,
    Signal,
    Status,
)
from app.rules.calendar import BusinessCalendar


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

    def inn(n: int, who: str, text: str, signal: Signal | None = None, hour: int = 15) -> Message:
        return Message(
            at=at(n, hour),
            direction=Direction.IN,
            contact=who,
            purpose=Purpose.REPLY,
            channel="email",
            signal=signal,
            text=text,
        )

    def out(n: int, who: str | None, purpose: Purpose, text: str = "", hour: int = 9) -> Message:
        return Message(
            at=at(n, hour),
            direction=Direction.OUT,
            contact=who,
            purpose=purpose,
            channel="email",
            signal=None,
            text=text,
        )

    processes = (
        Process(
            company="Acme Analytics",
            role="Data Engineer",
            link="https://acme.example/jobs/42",
            notes="Spark + dbt stack. Team of six; remote friendly.",
            contacts=(
                Contact(name="Rita Ray", role=ContactRole.RECRUITER, email="rita@acme.example"),
                Contact(name="Omar Haddad", role=ContactRole.HIRING_MANAGER, email="omar@acme.example"),
            ),
            interviews=(
                Interview(
                    kind=InterviewKind.RECRUITER_SCREEN, at=at(7), with_=("Rita Ray",), notes="Salary band confirmed."
                ),
            ),
            messages=(
                out(12, "Rita Ray", Purpose.APPLICATION, "Applied through the careers page."),
                inn(9, "Rita Ray", "Would love to set up a screen.", Signal.POSITIVE),
                out(7, "Rita Ray", Purpose.THANK_YOU, "Thanks for the call!", hour=17),
            ),
        ),
        Process(
            company="Northwind Traders",
            role="Backend Developer",
            contacts=(
                Contact(name="Priya Natarajan", role=ContactRole.RECRUITER, email="priya@northwind.example"),
                Contact(name="Ben Clarke", role=ContactRole.INTERVIEWER),
                Contact(name="Lena Fischer", role=ContactRole.HIRING_MANAGER),
            ),
            interviews=(
                Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(12), with_=("Priya Natarajan",)),
                Interview(
                    kind=InterviewKind.ONSITE,
                    at=at(1, 13),
                    with_=("Ben Clarke", "Lena Fischer"),
                    notes="System design + pairing.",
                ),
            ),
            messages=(
                inn(9, "Priya Natarajan", "The team is very interested, let's book the onsite.", Signal.POSITIVE),
            ),
        ),
        Process(
            company="Globex",
            role="Platform Engineer",
            notes="Through Hays; the headhunter talks to Globex for me.",
            contacts=(
                Contact(
                    name="Tom Whitaker", role=ContactRole.HEADHUNTER, email="tom@hays.example", phone="+1 555 0100"
                ),
                Contact(name="Dana Scully", role=ContactRole.HIRING_MANAGER),
            ),
            interviews=(
                Interview(kind=InterviewKind.HEADHUNTER_SCREEN, at=at(20), with_=("Tom Whitaker",)),
                Interview(kind=InterviewKind.HIRING_MANAGER, at=at(11), with_=("Dana Scully",)),
            ),
            messages=(out(11, "Tom Whitaker", Purpose.THANK_YOU), out(6, "Tom Whitaker", Purpose.FOLLOW_UP)),
        ),
        Process(
            company="Initech",
            role="Site Reliability Engineer",
            contacts=(
                Contact(name="Bill Lumbergh", role=ContactRole.RECRUITER, email="bill@initech.example"),
                Contact(name="Milton Waddams", role=ContactRole.INTERVIEWER),
            ),
            interviews=(
                Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(9), with_=("Bill Lumbergh",)),
                Interview(
                    kind=InterviewKind.TECHNICAL,
                    at=at(0, 14),
                    with_=("Milton Waddams",),
                    notes="Kubernetes incident drill.",
                ),
            ),
            messages=(
                out(8, "Bill Lumbergh", Purpose.THANK_YOU),
                inn(6, "Bill Lumbergh", "Great news, moving you forward to the technical round.", Signal.POSITIVE),
            ),
        ),
        Process(
            company="Umbrella Health",
            role="Machine Learning Engineer",
            country="GB",
            subdivision="ENG",
            contacts=(Contact(name="Alice Moreau", role=ContactRole.RECRUITER, email="alice@umbrella.example"),),
            interviews=(
                Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(8), with_=("Alice Moreau",)),
                Interview(
                    kind=InterviewKind.ONSITE,
                    at=at(-3, 11),
                    with_=("Alice Moreau",),
                    notes="London office, four rounds.",
                ),
            ),
            messages=(
                out(7, "Alice Moreau", Purpose.THANK_YOU),
                inn(5, "Alice Moreau", "Happy to invite you to the onsite.", Signal.POSITIVE),
            ),
        ),
        Process(
            company="Hooli",
            role="Product Analyst",
            contacts=(Contact(name="Gavin Belson", role=ContactRole.RECRUITER, email="gavin@hooli.example"),),
            interviews=(Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(30), with_=("Gavin Belson",)),),
            messages=(
                out(30, "Gavin Belson", Purpose.THANK_YOU, hour=18),
                out(23, "Gavin Belson", Purpose.FOLLOW_UP),
                out(19, "Gavin Belson", Purpose.FOLLOW_UP),
                out(13, "Gavin Belson", Purpose.CHECK_IN),
            ),
        ),
        Process(
            company="Stark Labs",
            role="Frontend Engineer",
            country="DE",
            subdivision="BE",
            contacts=(Contact(name="Jonas Weber", role=ContactRole.RECRUITER, email="jonas@stark.example"),),
            interviews=(
                Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(10), with_=("Jonas Weber",)),
                Interview(kind=InterviewKind.TECHNICAL, at=at(6), with_=("Jonas Weber",)),
            ),
            messages=(
                out(5, "Jonas Weber", Purpose.THANK_YOU),
                inn(2, "Jonas Weber", "The team is very interested but needs a bit more time.", Signal.POSITIVE),
            ),
        ),
        Process(
            company="Vandelay Industries",
            role="Data Analyst",
            status=Status.REJECTED,
            contacts=(Contact(name="Art Vandelay", role=ContactRole.RECRUITER),),
            interviews=(Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(25), with_=("Art Vandelay",)),),
            messages=(
                inn(
                    20, "Art Vandelay", "We encourage you to continue looking at other opportunities.", Signal.NEGATIVE
                ),
            ),
        ),
        Process(
            company="Soylent",
            role="Analytics Engineer",
            status=Status.OFFER,
            notes="Offer letter in hand; they asked for an answer within a week.",
            contacts=(Contact(name="Grace Kim", role=ContactRole.RECRUITER, email="grace@soylent.example"),),
            interviews=(Interview(kind=InterviewKind.FINAL, at=at(10), with_=("Grace Kim",)),),
            messages=(inn(4, "Grace Kim", "We are delighted to offer you the role!", Signal.POSITIVE),),
            deadline=at(-4).day,
        ),
        Process(
            company="Wayne Enterprises",
            role="Data Platform Engineer",
            contacts=(Contact(name="Lucius Fox", role=ContactRole.RECRUITER, email="lucius@wayne.example"),),
            interviews=(Interview(kind=InterviewKind.RECRUITER_SCREEN, at=at(8), with_=("Lucius Fox",)),),
            messages=(
                out(8, "Lucius Fox", Purpose.THANK_YOU, hour=17),
                inn(
                    1,
                    "Lucius Fox",
                    "Thank you for your time. We have decided to move forward with other candidates.",
                    Signal.NEGATIVE,
                ),
            ),
        ),
        Process(
            company="Pied Piper",
            role="Data Engineer",
            link="https://piedpiper.example/careers/7",
            notes="Applied on the careers page; no recruiter named yet.",
            messages=(out(7, None, Purpose.APPLICATION, "Applied through the careers page."),),
        ),
    )
    return Backup(Settings(your_name="Sam Lee"), processes, {})
