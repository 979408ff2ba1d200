"""A synthetic database for benchmarks: 5,000 meetings over two years around a given day.

    python tests/bench/make_db.py OUT.json [--meetings 5000] [--today 2026-12-02]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.domain.models import Client, Language, Location, Meeting, Status, Tier, Topic
from planner.services.store import Store

TODAY = date(2026, 12, 2)


def make_db(path: Path, n: int = 5000, today: date = TODAY, seed: int = 7) -> Path:
    """Write ``n`` meetings spread over the two years around ``today`` (work days, work hours)."""
    rng = random.Random(seed)
    path = Path(path)
    if path.exists():
        path.unlink()
    with Store.open(path) as store:
        tz = ZoneInfo(store.settings().timezone)
        with store.batch():
            clients = []
            for i in range(40):
                client = Client(
                    name=f"Kunde {i:02d} Ærø ApS" if i % 3 else f"Client {i:02d} [VIP] Ltd",
                    tier=list(Tier)[i % 4], share=round(rng.uniform(0.5, 25), 1),
                    contact=f"Kontakt {i}", email=f"kontakt{i}@kunde{i}.dk", domains=(f"kunde{i}.dk",),
                    language=Language.DA if i % 2 else Language.EN, flexible=bool(i % 3 == 0),
                )
                store.save_client(client)
                clients.append(client)
            first = today - timedelta(days=365)
            workdays = [first + timedelta(days=d) for d in range(730) if (first + timedelta(days=d)).weekday() < 5]
            for _ in range(n):
                day = rng.choice(workdays)
                start = datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tz)
                location = rng.choice(list(Location))
                store.save_meeting(
                    Meeting(
                        client_id=rng.choice(clients).id, title=f"Møde {rng.randint(1, 999)}",
                        start=start, end=start + timedelta(minutes=rng.choice((30, 45, 60, 90))),
                        location=location,
                        travel_minutes=rng.choice((0, 15, 30)) if location is Location.CLIENT_SITE else 0,
                        lead=rng.choice(("me", "me", "me", "Jonas")), topic=rng.choice(list(Topic)),
                        status=rng.choice((Status.PLANNED,) * 8 + (Status.KEPT, Status.CANCELLED)),
                        notes="Forberedelse: gennemgå tal og aftaler." * rng.randint(0, 2),
                    )
                )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args()
    print(make_db(Path(args.out), args.meetings, args.today))
