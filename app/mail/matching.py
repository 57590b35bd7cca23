"""Which process a mail is about, most certain first, and never a guess between two.

1. a contact's email address (the sender of a reply; a recipient of what the
   seeker sent);
2. the company's domain, learnt from its contacts' addresses and its job
   link; free-mail providers and job boards say nothing about a company and
   are left out;
3. the company or the role named in the subject.

At each step, when more than one process fits, the subject may tell them
apart (two roles at one company); when it cannot, the match is ambiguous and
reported with the candidates, for the seeker to choose.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import urlsplit

from app.domain.records import Process

FREE_MAIL: Final = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.jp",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "mail.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "zoho.com",
        "yandex.ru",
        "yandex.com",
        "mail.ru",
        "qq.com",
        "163.com",
        "126.com",
        "fastmail.com",
        "fastmail.fm",
        "tutanota.com",
        "tuta.io",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "libero.it",
        "naver.com",
        "hey.com",
        "posteo.de",
        "mailbox.org",
    ]
)
"""Big free-mail domains: many people, no company."""
JOB_BOARDS: Final = frozenset(
    [
        "linkedin.com",
        "indeed.com",
        "glassdoor.com",
        "greenhouse.io",
        "lever.co",
        "workday.com",
        "myworkdayjobs.com",
        "smartrecruiters.com",
        "ashbyhq.com",
        "workable.com",
        "jobvite.com",
        "icims.com",
        "teamtailor.com",
        "personio.de",
        "personio.com",
        "recruitee.com",
        "breezy.hr",
        "bamboohr.com",
        "stepstone.de",
        "xing.com",
        "monster.com",
        "ziprecruiter.com",
        "wellfound.com",
        "angel.co",
        "welcometothejungle.com",
        "otta.com",
        "hired.com",
        "dice.com",
    ]
)
"""Hosts of job links that belong to a job board or an applicant tracker, not to the company."""


class Basis(StrEnum):
    """How a mail was matched, most certain first."""

    ADDRESS = "address"
    DOMAIN = "domain"
    SUBJECT = "subject"


@dataclass(frozen=True)
class Match:
    """The process found (or, when ambiguous, the candidates) and why."""

    processes: tuple[Process, ...]
    basis: Basis
    reason: str
    contact: str | None = None
    """The matched contact's name, for an address match."""

    @property
    def ambiguous(self) -> bool:
        """More than one process fits equally."""
        return len(self.processes) > 1


def domain_of(address: str) -> str:
    """The domain of an address, lower case."""
    return address.rpartition("@")[2].lower().strip(".")


def _site(domain: str) -> str:
    """The registrable part of a host, roughly: the last two labels (three under a two-letter second level)."""
    labels = domain.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "ac", "or", "ne", "gov", "org"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _named(text: str, name: str) -> bool:
    name = name.strip()
    if len(name) < 2:
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


class _Names:
    """Names (companies, or roles) found in a subject with one pattern for all, not one search per process."""

    def __init__(self, pairs: Iterable[tuple[str, Process]]) -> None:
        self.by_name: dict[str, list[Process]] = defaultdict(list)
        for name, process in pairs:
            if len(name.strip()) >= 2:
                self.by_name[name.strip().lower()].append(process)
        names = sorted(self.by_name, key=len, reverse=True)
        self.pattern = (
            re.compile(rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)", re.IGNORECASE) if names else None
        )

    def find(self, subject: str) -> tuple[Process, ...]:
        """The processes whose name the subject holds, in the order found."""
        if self.pattern is None:
            return ()
        found = [p for m in self.pattern.finditer(subject) for p in self.by_name.get(m[1].lower(), ())]
        return tuple(dict.fromkeys(found))


class Matcher:
    """The processes indexed by contact address, by company domain, and by name, once per run."""

    def __init__(self, processes: Iterable[Process]) -> None:
        self.processes = tuple(processes)
        self.by_address: dict[str, list[tuple[Process, str]]] = defaultdict(list)
        self.by_site: dict[str, list[Process]] = defaultdict(list)
        for process in self.processes:
            sites: set[str] = set()
            for contact in process.contacts:
                if contact.email and "@" in contact.email:
                    address = contact.email.strip().lower()
                    self.by_address[address].append((process, contact.name))
                    sites.add(_site(domain_of(address)))
            if process.link:
                try:
                    host = urlsplit(process.link.strip()).hostname or ""
                except ValueError:
                    host = ""
                if host:
                    sites.add(_site(host))
            for site in sites - FREE_MAIL - JOB_BOARDS:
                if "." in site:
                    self.by_site[site].append(process)

        self._companies = _Names((p.company, p) for p in self.processes)
        self._roles = _Names((p.role, p) for p in self.processes if len(p.role.strip()) >= 6)

    def _narrowed(self, candidates: Sequence[Process], subject: str) -> tuple[Process, ...]:
        """The candidates the subject names (by role, then company), or all of them when it names none or all."""
        unique = tuple(dict.fromkeys(candidates))
        if len(unique) <= 1:
            return unique
        for attribute in ("role", "company"):
            named = tuple(p for p in unique if _named(subject, getattr(p, attribute)))
            if 0 < len(named) < len(unique):
                return named
        return unique

    def match(self, addresses: Sequence[str], subject: str) -> Match | None:
        """The process of a mail whose other party is `addresses` (sender, or recipients of a sent mail)."""
        by_contact = [(p, name) for a in addresses for p, name in self.by_address.get(a.lower(), ())]
        if by_contact:
            candidates = self._narrowed([p for p, _ in by_contact], subject)
            names = {name for p, name in by_contact if p in candidates}
            contact = names.pop() if len(candidates) == 1 and len(names) == 1 else None
            if len(candidates) == 1 and len({p for p, _ in by_contact}) == 1:
                return Match(candidates, Basis.ADDRESS, f"{contact or 'a contact'} is at this address", contact)
            told = "" if len(candidates) > 1 else ", the subject names which"
            basis = Basis.SUBJECT if len(candidates) == 1 else Basis.ADDRESS
            count = len({p for p, _ in by_contact})
            return Match(candidates, basis, f"the address is a contact of {count} processes{told}", contact)
        sites = {_site(domain_of(a)) for a in addresses} - FREE_MAIL
        by_site = [p for s in sites for p in self.by_site.get(s, ())]
        if by_site:
            candidates = self._narrowed(by_site, subject)
            return Match(
                candidates, Basis.DOMAIN, f"the address is at the company's domain ({', '.join(sorted(sites))})"
            )
        named = self._companies.find(subject) or self._roles.find(subject)
        if named:
            candidates = self._narrowed(named, subject)
            return Match(candidates, Basis.SUBJECT, "the subject names the company or the role")
        return None
