"""Deciding an imported meeting's client and location.

- Client: our own export's X-PLANNER-CLIENT (created when new), else an attendee's or the
  organizer's email domain matching a client's domains (``mail.acme.dk`` matches ``acme.dk``), else
  a client name found in the title, else the "Unassigned" client (created when first needed).
- Location: a Teams/Zoom/Meet/Webex link -> video; a street address -> client-site; a phone
  number -> phone; anything else -> our-office.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from planner.domain.models import Client, Location
from planner.i18n import _

UNASSIGNED = "Unassigned"

_VIDEO = re.compile(
    r"teams\.microsoft\.com|teams\.live\.com|\bzoom\.us\b|zoomgov\.com|meet\.google\.com|"
    r"webex\.com|whereby\.com|gotomeeting\.com|gotomeet\.me|"
    r"microsoft teams\b|\bzoom meeting\b|google meet\b|\bwebex\b",
    re.I,
)
_STREET = (
    r"street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|place|pl|square|sq|"
    r"court|ct|terrace|parkway|pkwy|highway|hwy|row|quay|wharf|crescent|close|hill|park"
)
_STREET_COMPOUND = (
    r"gade|gaden|vej|vejen|allé|alle|stræde|strædet|plads|pladsen|torv|torvet|boulevard|vænge|"
    r"have|bakke|straße|strasse|str\.|weg|gasse|platz|ring|damm|straat|gracht|laan|gatan|gata|"
    r"vägen|veien|gate|väg|katu|tie|utca"
)
_ADDRESS = re.compile(
    rf"\b\d+[a-z]?\s+(?:[\w'.-]+\s+){{0,4}}(?:{_STREET})\b\.?"  # 221B Baker Street
    rf"|\w(?:{_STREET_COMPOUND})\s+\d+"  # Vesterbrogade 1, Hauptstraße 5
    rf"|\b(?:{_STREET_COMPOUND})\s+\d+"  # Ny Vestergade ... (word on its own)
    r"|\b(?:rue|via|calle|avenida|avenue|viale|piazza|plaza|carrer)\s+[^,\d]+,?\s*\d+"  # Via Roma 1
    r"|\b\d+,?\s+(?:rue|avenue|boulevard|place|allée|chemin|quai)\b"  # 12 rue de Rivoli
    r"|,\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\w"  # ..., 1620 København V / D-10115 Berlin
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # UK postcode
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",  # US state + ZIP
    re.I,
)
_PHONE = re.compile(r"^\s*(?:tel:|phone\b|telefon\b|call\b|opkald\b|\+?\d[\d ()./-]{6,}\s*$)", re.I)


def location_kind(location: str, description: str = "", conference: str = "") -> Location | None:
    """Where an event takes place, from its LOCATION and DESCRIPTION text; None: nothing said."""
    if location:
        if _VIDEO.search(location):
            return Location.VIDEO
        if _ADDRESS.search(location):
            return Location.CLIENT_SITE
        if _PHONE.search(location):
            return Location.PHONE
    if conference or (description and _VIDEO.search(description)):
        return Location.VIDEO
    return None


def email_of(params: dict[str, str], value: str) -> str:
    """An ORGANIZER's or ATTENDEE's address, lower case, ``mailto:`` taken off."""
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    if "@" not in value:
        value = params.get("EMAIL", value)
    return value.strip().lower()


class ClientMatcher:
    """Finds the client of an event by its addresses' domains, then by a client's name in its title."""

    def __init__(self, clients: Sequence[Client]):
        self.by_domain: dict[str, Client] = {}
        named: list[Client] = []
        for client in clients:
            for domain in client.domains:
                domain = domain.strip().lower().lstrip("@")
                if domain:
                    self.by_domain.setdefault(domain, client)
            if client.name.strip() and client.name.strip().lower() != UNASSIGNED.lower():
                named.append(client)
        named.sort(key=lambda c: len(c.name), reverse=True)
        self.by_name = {c.name.strip().lower(): c for c in reversed(named)}
        self.name_re = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(c.name.strip()) for c in named) + r")(?!\w)", re.I
            )
            if named
            else None
        )

    def match(self, emails: Iterable[str], title: str) -> Client | None:
        if self.by_domain:
            for email in emails:
                domain = email.rpartition("@")[2].lower()
                while domain:
                    client = self.by_domain.get(domain)
                    if client is not None:
                        return client
                    _, dot, domain = domain.partition(".")
                    if not dot or "." not in domain:
                        break
        if self.name_re is not None and title:
            found = self.name_re.search(title)
            if found:
                return self.by_name.get(found.group(0).lower())
        return None


class ClientChooser:
    """The client of each imported meeting; clients it has to create are listed in ``created``."""

    def __init__(self, clients: Sequence[Client], names: dict[str, str]):
        self.matcher = ClientMatcher(clients)
        self.by_name: dict[str, Client] = {c.name.strip().lower(): c for c in clients}
        self.unassigned = next((c for c in clients if c.name.strip().lower() == UNASSIGNED.lower()), None)
        self.created: list[Client] = []
        self.names = names  # client id -> name, new clients added

    def _create(self, client: Client) -> Client:
        self.created.append(client)
        self.names[client.id] = client.name
        return client

    def choose(self, client_name: str, emails: Iterable[str], title: str) -> str:
        """The id of the client for a meeting (see the module docstring)."""
        if client_name:
            known = self.by_name.get(client_name.lower())
            if known is None:
                known = self.by_name[client_name.lower()] = self._create(Client(name=client_name))
            return known.id
        found = self.matcher.match(emails, title)
        if found is not None:
            return found.id
        if self.unassigned is None:
            self.unassigned = self._create(
                Client(name=UNASSIGNED, notes=_("Meetings imported from a calendar that matched no client.")))
        return self.unassigned.id
